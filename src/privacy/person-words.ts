/** Word lists for `detect-person` (lower case). */

/** Honorifics that start a name: "Mrs. Diana Weöres". */
export const TITLES: ReadonlySet<string> = new Set(
  'mr mrs ms miss mx dr prof sir madam mme mlle herr frau señor señora sra sr'.split(' '),
);

/** Lower-case name particles allowed inside a name: "Maria de la Cruz", "Donald van der Voet". */
export const PARTICLES: ReadonlySet<string> = new Set(
  'van von de der den da di del della la le bin al ten ter dos das du'.split(' '),
);

/** Capitalised words that are never (part of) a person's name here. */
export const NOT_NAMES: ReadonlySet<string> = new Set(
  (
    'the a an i we you he she they it this that these those my our your his her their please thanks thank hello ' +
    'hi dear sir madam is are was be yes no not ok okay bot user customer support team manager bank card account ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december street st road rd avenue ave lane drive suite apt box ltd inc llc plc ' +
    'group corp company university club hotel country city north south east west new san santa saint what who ' +
    'where when why how can could would should will do does did have has had there here if and or but pay express ' +
    'services solutions systems international college school hospital disease syndrome name phone address email ' +
    'date mobile fax desk office website answer question true false'
  ).split(' '),
);
