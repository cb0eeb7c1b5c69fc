// DNS-SD names and TXT keys shared by the advertisement and the browse.
export const SERVICE_TYPE = 'parley' // _parley._tcp
export const TXT_PROTOCOL = '1'

export interface ParleyTxt {
  name: string
  protocol: string
  registration: string
}
