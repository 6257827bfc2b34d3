/** Titles and honorifics that stand before a person's name but are not part of it ("General Khalifa Haftar" -> "Khalifa Haftar"). */
const TITLE_WORDS = new Set(
  (
    'mr mrs ms miss dr prof professor sir dame lord lady sheikh sheik imam rabbi rev reverend father pastor ' +
    'general gen marshal field colonel col captain capt admiral adm commander cmdr major maj lieutenant lt sergeant sgt brigadier corporal private ' +
    'president vice prime minister premier chancellor senator sen representative rep congressman congresswoman governor gov mayor ' +
    'judge justice ambassador envoy secretary chairman chairwoman chair director king queen prince princess emir sultan pope cardinal bishop archbishop ' +
    'deputy foreign defence defense interior finance special chief former late st saint president-elect'
  ).split(' '),
);

/** Whether a token is a title word ("Gen.", "General", "Prime", "Minister"). */
export function isTitleWord(token: string): boolean {
  return TITLE_WORDS.has(token.toLowerCase().replace(/\.$/, ''));
}

/** Honorifics that only ever stand before a person, so what follows them is a person whatever the tagger says ("Dr Muscat", "Admiral Al Buni"). */
const PERSONAL_HONORIFICS = new Set(
  'mr mrs ms miss dr prof sir dame sheikh sheik admiral adm colonel col lt sgt capt gen'.split(' '),
);

export function isPersonalHonorific(token: string): boolean {
  return PERSONAL_HONORIFICS.has(token.toLowerCase().replace(/\.$/, ''));
}

/** Last words that make a capitalised run a body or a place ("World Health Organization", "Nile River"); lower-case. */
export const ORGANIZATION_HEADS = new Set(
  (
    'organization organisation council army ministry party union agency bank commission committee association federation institute ' +
    'university college corporation corp. corp company co. inc. inc ltd ltd. plc group court authority front movement forces force office department ' +
    'service services fund league alliance assembly parliament congress senate board foundation club bureau brigade guard guards navy police ' +
    'government administration airline airlines airways exchange network news times post journal press agency centre center hospital school'
  ).split(' '),
);
export const PLACE_HEADS = new Set(
  'river island islands province region mountains mountain sea ocean gulf bay lake valley desert street square airport strait peninsula county state city district coast'.split(
    ' ',
  ),
);
