/** IPv4 addresses and CIDR blocks, as the firewall compares them. */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as an unsigned 32-bit number, or `null` when it is not dotted-quad IPv4. */
export function ipToNumber(ip: string): number | null {
  const m = IPV4.exec(ip);
  if (!m) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function isIpv4(ip: string): boolean {
  return ipToNumber(ip) !== null;
}

export function isCidr(text: string): boolean {
  const [ip = '', bits, ...rest] = text.split('/');
  if (rest.length > 0 || bits === undefined || !/^\d{1,2}$/.test(bits)) return false;
  return isIpv4(ip) && Number(bits) <= 32;
}

/** A CIDR as its first address and size (numbers), for matching without parsing. */
export function cidrRange(cidr: string): { start: number; size: number } {
  const [base = '', bitsText = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bitsText));
  const a = ipToNumber(base) ?? 0;
  return { start: Math.floor(a / size) * size, size };
}

/** Whether `ip` lies in `cidr` (`0.0.0.0/0` contains everything). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base = '', bitsText = '32'] = cidr.split('/');
  const bits = Number(bitsText);
  const a = ipToNumber(base);
  const b = ipToNumber(ip);
  if (a === null || b === null) return false;
  if (bits === 0) return true;
  const block = 2 ** (32 - bits);
  return Math.floor(a / block) === Math.floor(b / block);
}
