import { useEffect } from 'react'
import { useApp } from '../store/StoreProvider'

/**
 * 'system' leaves the choice to prefers-color-scheme in CSS; 'light'/'dark' pin it through
 * data-theme on <html> (and color-scheme, so form controls and scrollbars follow).
 */
export function useTheme(): void {
  const theme = useApp((state) => state.settings.theme)
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset.theme
    else root.dataset.theme = theme
  }, [theme])
}
