/**
 * The HIPAA Security Rule standards and implementation specifications (45 CFR §164.308
 * administrative and §164.312 technical safeguards) by citation, with the regulation's
 * titles. The traceability matrix has a row for every §164.312 entry and for every
 * §164.308 entry that some check or construct addresses.
 * Source: https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C
 */
export interface HipaaControl {
  /** The citation, e.g. `164.312(a)(2)(iv)`. */
  readonly control: string;
  /** The regulation's title. */
  readonly title: string;
  /** A standard, or an implementation specification that is required or addressable. */
  readonly kind: 'standard' | 'required' | 'addressable';
}

const std = (control: string, title: string): HipaaControl => ({ control, title, kind: 'standard' });
const req = (control: string, title: string): HipaaControl => ({ control, title, kind: 'required' });
const addr = (control: string, title: string): HipaaControl => ({ control, title, kind: 'addressable' });

export const HIPAA_CONTROLS: readonly HipaaControl[] = [
  std('164.308(a)(1)(i)', 'Security management process'),
  req('164.308(a)(1)(ii)(A)', 'Risk analysis'),
  req('164.308(a)(1)(ii)(B)', 'Risk management'),
  req('164.308(a)(1)(ii)(C)', 'Sanction policy'),
  req('164.308(a)(1)(ii)(D)', 'Information system activity review'),
  std('164.308(a)(2)', 'Assigned security responsibility'),
  std('164.308(a)(3)(i)', 'Workforce security'),
  addr('164.308(a)(3)(ii)(A)', 'Authorization and/or supervision'),
  addr('164.308(a)(3)(ii)(B)', 'Workforce clearance procedure'),
  addr('164.308(a)(3)(ii)(C)', 'Termination procedures'),
  std('164.308(a)(4)(i)', 'Information access management'),
  req('164.308(a)(4)(ii)(A)', 'Isolating health care clearinghouse functions'),
  addr('164.308(a)(4)(ii)(B)', 'Access authorization'),
  addr('164.308(a)(4)(ii)(C)', 'Access establishment and modification'),
  std('164.308(a)(5)(i)', 'Security awareness and training'),
  addr('164.308(a)(5)(ii)(A)', 'Security reminders'),
  addr('164.308(a)(5)(ii)(B)', 'Protection from malicious software'),
  addr('164.308(a)(5)(ii)(C)', 'Log-in monitoring'),
  addr('164.308(a)(5)(ii)(D)', 'Password management'),
  std('164.308(a)(6)(i)', 'Security incident procedures'),
  req('164.308(a)(6)(ii)', 'Response and reporting'),
  std('164.308(a)(7)(i)', 'Contingency plan'),
  req('164.308(a)(7)(ii)(A)', 'Data backup plan'),
  req('164.308(a)(7)(ii)(B)', 'Disaster recovery plan'),
  req('164.308(a)(7)(ii)(C)', 'Emergency mode operation plan'),
  addr('164.308(a)(7)(ii)(D)', 'Testing and revision procedures'),
  addr('164.308(a)(7)(ii)(E)', 'Applications and data criticality analysis'),
  std('164.308(a)(8)', 'Evaluation'),
  std('164.312(a)(1)', 'Access control'),
  req('164.312(a)(2)(i)', 'Unique user identification'),
  req('164.312(a)(2)(ii)', 'Emergency access procedure'),
  addr('164.312(a)(2)(iii)', 'Automatic logoff'),
  addr('164.312(a)(2)(iv)', 'Encryption and decryption'),
  std('164.312(b)', 'Audit controls'),
  std('164.312(c)(1)', 'Integrity'),
  addr('164.312(c)(2)', 'Mechanism to authenticate electronic protected health information'),
  std('164.312(d)', 'Person or entity authentication'),
  std('164.312(e)(1)', 'Transmission security'),
  addr('164.312(e)(2)(i)', 'Integrity controls'),
  addr('164.312(e)(2)(ii)', 'Encryption'),
];

/** The citation at the start of a safeguard label such as `164.312(b) audit controls`. */
export function controlOf(label: string): string {
  const match = /^(164\.3\d\d(?:\([A-Za-z0-9]+\))+)/.exec(label.trim());
  if (!match) throw new Error(`'${label}' does not start with a HIPAA Security Rule citation such as 164.312(b)`);
  return match[1];
}
