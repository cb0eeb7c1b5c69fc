// DNS-SD names and TXT keys shared by the advertisement and the browse. A TXT record can be
// forged by anyone on the LAN: its `fp` is shown to people, never trusted on its own.
export const SERVICE_TYPE = 'parley' // _parley._tcp
export const TXT_PROTOCOL = '1'

export interface ParleyTxt {
  name: string
  protocol: string
  registration: string
  /** The TLS certificate's SHA-256 fingerprint; present exactly when the server speaks https. */
  fp?: string
}
