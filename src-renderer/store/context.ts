// What every action module receives: the bridge and the store's get/set.
import type { ParleyApi } from '../bridge'
import type { AppState } from './state'

export type SetState = (partial: Partial<AppState> | ((state: AppState) => Partial<AppState>)) => void
export type GetState = () => AppState

export interface StoreContext {
  api: ParleyApi
  set: SetState
  get: GetState
}

let noticeCounter = 0

/** A transient message in the corner; removed by the user or after a while. */
export function pushNotice(ctx: StoreContext, text: string): void {
  noticeCounter += 1
  const id = noticeCounter
  ctx.set((state) => ({ notices: [...state.notices.slice(-3), { id, text }] }))
  setTimeout(() => dismissNotice(ctx, id), 8000)
}

export function dismissNotice(ctx: StoreContext, id: number): void {
  ctx.set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }))
}
