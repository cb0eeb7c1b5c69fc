// The messages a bench server entry (a child process) and the bench runner exchange over
// the fork() IPC channel. The server under test runs in its own process so that load
// clients never share its event loop and its RSS can be read from /proc.

/** 'parley-tls': the Parley server with TLS on (HTTPS + WSS), measured next to plain 'parley'. */
export type ServerKind = 'parley' | 'parley-tls' | 'baseline'

/** Users and conversations a scenario needs; each socket is one (user, conversation). */
export interface SetupRequest {
  /** Number of conversations; conversation i has `usersPerConversation` distinct users. */
  conversations: number
  usersPerConversation: number
  /** Extra sockets each user will open (idle scenario); raises per-user socket limits. */
  socketsPerUser: number
}

export interface SetupSocket {
  conversationId: number
  userId: number
  email: string
  password: string
}

export interface SetupResult {
  sockets: SetupSocket[]
}

export type ParentToChild =
  | { type: 'setup'; id: number; request: SetupRequest }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; file: string }
  | { type: 'close' }

export type ChildToParent =
  | { type: 'ready'; url: string; features: string[]; runtime: ServerRuntime; /** PEM certificate, for a TLS server's clients to verify. */ ca?: string }
  | { type: 'setup-done'; id: number; result: SetupResult }
  | { type: 'setup-failed'; id: number; error: string }
  | { type: 'profile-done'; id: number }
  | { type: 'fatal'; error: string }

/** Options a scenario passes to the child on its command line (JSON in argv[2]). */
export interface ServerLaunchOptions {
  dataDir: string
  /** Sockets one user may hold open at once (Parley); the idle scenario raises it. */
  maxSocketsPerUser: number
  /** Parley only: speak TLS (its self-signed certificate, made in dataDir). */
  tls?: boolean
  /** Parley only, a cluster node: its PostgreSQL URL, Redis bus URL and the folder every node shares. */
  cluster?: { database: string; bus: string; sharedDir: string }
  /** Baseline only: relay every message to the other baseline processes through this Redis (pub/sub), the cluster's floor. */
  relay?: { bus: string }
}

/** How the server process actually runs: what its figures depend on besides the code. */
export interface ServerRuntime {
  /** ws loaded bufferutil's native addon (frame masking in C, not JavaScript). */
  bufferutil: boolean
  /** glibc malloc settings in its environment (src-main/server/server-process-env.ts). */
  malloc: Record<string, string | null>
}
