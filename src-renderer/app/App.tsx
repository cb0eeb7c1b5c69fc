import type { ParleyStore } from '../store/appStore'
import { StoreProvider, useApp } from '../store/StoreProvider'
import { SignInScreen } from '../sign-in/SignInScreen'
import { MainScreen } from './MainScreen'
import { useTheme } from '../settings/useTheme'
import { Notices } from './Notices'

function Screens() {
  const phase = useApp((state) => state.phase)
  useTheme()
  return (
    <>
      {phase === 'starting' && <div className="splash" role="status">Starting Parley…</div>}
      {phase === 'signed-out' && <SignInScreen />}
      {phase === 'signed-in' && <MainScreen />}
      <Notices />
    </>
  )
}

export function App({ parley }: { parley: ParleyStore }) {
  return (
    <StoreProvider value={parley}>
      <Screens />
    </StoreProvider>
  )
}

/** The page was opened outside Parley (no bridge): say so instead of a blank window. */
export function NoBridge() {
  return (
    <main className="splash" aria-label="Parley">
      <h1>Parley</h1>
      <p>This page needs the Parley app to run.</p>
    </main>
  )
}
