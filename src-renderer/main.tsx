import './strict-csp'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, NoBridge } from './app/App'
import { resolveParleyApi } from './bridge'
import { createParleyStore } from './store/appStore'
import './styles/index.css'

const root = document.getElementById('root')
if (!root) throw new Error('Parley: #root is missing from index.html')
const api = resolveParleyApi()
const parley = api ? createParleyStore(api) : null
// Subscribed outside React so StrictMode's double effects cannot subscribe twice.
parley?.start()
createRoot(root).render(<StrictMode>{parley ? <App parley={parley} /> : <NoBridge />}</StrictMode>)
