import { createContext, useContext } from 'react'
import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import type { Actions, ParleyStore } from './appStore'
import type { AppState } from './state'

const StoreContext = createContext<ParleyStore | null>(null)

export function StoreProvider({ value, children }: { value: ParleyStore; children: ReactNode }) {
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>
}

function useParleyStore(): ParleyStore {
  const value = useContext(StoreContext)
  if (!value) throw new Error('StoreProvider is missing')
  return value
}

/** Reads a slice of state; re-renders only when the selected value changes (Object.is). */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useParleyStore().store, selector)
}

export function useActions(): Actions {
  return useParleyStore().actions
}
