export function App() {
  return <main aria-label="Parley">Parley</main>
}
