import packageJson from '../package.json' with { type: 'json' };

/** The version of this suite, recorded in every report so a run can be reproduced. */
export const SUITE_VERSION: string = packageJson.version;
