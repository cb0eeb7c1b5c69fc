import { useActions, useApp } from '../store/StoreProvider'
import { CloseIcon } from '../ui/icons'

/** Transient errors (a send that failed, a file that could not open), announced assertively. */
export function Notices() {
  const notices = useApp((state) => state.notices)
  const { dismissNotice } = useActions()
  return (
    <div className="notices" aria-live="assertive">
      {notices.map((notice) => (
        <div key={notice.id} className="notice">
          <span>{notice.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismissNotice(notice.id)}>
            <CloseIcon size={16} />
          </button>
        </div>
      ))}
    </div>
  )
}
