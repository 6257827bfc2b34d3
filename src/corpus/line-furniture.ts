/**
 * Site furniture: the lines a scraper picks up around a news story (promos, sign-in prompts, comment
 * boilerplate, "Read more" links, photo credits, section labels, bylines, author blurbs). Every pattern
 * matches a whole line's shape, so a story sentence that merely mentions "sign up" or "comments" stays.
 */

/** Headings after which nothing belongs to the story any more (the page's tail: related links, comments). */
const END_MARKERS: RegExp[] = [
  /^related (?:articles|stories|content|coverage|news|posts|reading|links|topics)\b/i,
  /^(?:more|other) (?:stories|articles|news)\b/i,
  /^more (?:from|on) [\w ’'.-]{1,40}$/i,
  /^see also\b/i,
  /^top stories\b/i,
  /^(?:you (?:may|might) (?:also )?(?:like|be interested in|have missed)|recommended(?: for you| stories)?|most (?:read|popular|viewed)|trending(?: now)?)\b/i,
  /^(?:\d+ )?comments?(?: \(\d+\))?:?$/i,
  /^(?:leave|post|add|write) a (?:comment|reply)\b/i,
];

/** Paywall and comment-block openers, which can be whole sentences. */
const END_SENTENCES: RegExp[] = [
  /^sign up to (?:read|continue|keep reading)\b/i,
  /^(?:subscribe|register) to (?:read|continue|unlock)\b/i,
  /^(?:this (?:article|story|content) is (?:for|available to|reserved for) (?:subscribers|members))\b/i,
  /^join the (?:conversation|discussion|debate) (?:in|below|on)\b/i,
];

/** Lines dropped wherever they appear. */
const DROPPED_LINES: RegExp[] = [
  // subscription and app promos
  /^(?:get|read|find) (?:all )?(?:your|the|all the) (?:news|stories)\b.*\b(?:in one place|curated|for you|from \d)/i,
  /^\d[\d,.]*(?:\+|[’']?s)? (?:of )?(?:premium |trusted |global |top )*(?:titles|sources|publications|magazines|newspapers)(?: (?:in one app|and counting|to choose from))?[.!]?$/i,
  /^one (?:app|subscription|membership|account)\b.{0,80}$/i,
  /^start (?:reading|your (?:free )?trial|free trial)\b.{0,30}$/i,
  /^(?:sign|log) ?in(?: here| now| to [\w ]{1,30})?[.!]?$/i,
  /^(?:sign|log) ?(?:up|in) (?:for|to) (?:free|our|the|a|your)\b.{0,60}$/i,
  /^already (?:a|an) (?:member|subscriber|user|customer)\b.{0,40}$/i,
  /^(?:not a (?:member|subscriber)|don[’']t have an account)\b.{0,40}$/i,
  /^read news from\b.{0,80}$/i,
  /^(?:download|get) (?:the|our) (?:free )?(?:\w+ )?app\b.{0,40}$/i,
  /^(?:[\w-]+ )?(?:days?|weeks?|months?) (?:free|trial)\b.{0,30}$/i,
  /^(?:subscribe|subscribe now|subscribe today|become a member|support (?:our|independent) journalism)[.!]?$/i,
  /^(?:subscribe|sign up|register)\b(?=.{0,140}$).*\b(?:newsletter|digest|today|now|free|trial|sources|titles|unlimited|access|membership|inbox)\b/i,
  /^our picks$/i,
  // comment boilerplate
  /^please (?:keep (?:your )?comments|be (?:civil|respectful|kind)|read our (?:terms|community|comment)|log in to (?:leave|post|add|join|comment))\b/i,
  /^(?:you must be logged in|log in to (?:leave|post|add) a comment|comments are (?:closed|moderated)|(?:this|the) comments? section is closed)\b/i,
  /^(?:show|view|load|hide) (?:all |more )?comments?\b.{0,20}$/i,
  // photo credits and captions that end with one (captions describe the picture, not the story)
  /^(?:photo|photograph|picture|image|file photo|credit|photo credit)s?\s*:\s*[^.]{1,80}$/i,
  /\b(?:photo|photograph|picture|image)s?(?: credit)?\s*:\s*[^.:]{1,60}\.?$/i,
  /\((?:[\w .&-]{1,30} )?(?:photos?|photograph|picture|image)\/[^)]{1,80}\)\.?$/i,
  /\b(?:getty images|shutterstock|afp via getty|epa-efe|ap photo)\)?\.?$/i,
  // navigation and widgets
  /^(?:close|menu|search|share|share this(?: article| story)?|print|email|tweet|advertisement|advertising|sponsored(?: content)?|skip to (?:main )?content|back to top|next article|previous article|continue reading|read more|show more|loading\.*)[.!…]?$/i,
  /^(?:share (?:on|via) \w+\s*)+$/i,
  /^(?:home|news)\s*[>›»|/]\s*\w/i,
  /^(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|copy link)(?:(?:\s*[|•·,]\s*|\s+)(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|copy link))+$/i,
  /^(?:updated|published|posted|last updated)(?:\s*:|\s+on\b|\s+at\b)\s*.{0,40}\d.{0,20}$/i,
  // credits and legal lines at the foot of a story
  /^\(?(?:additional )?(?:reporting|writing|editing|compiled|produced|translated|research|graphics) by\b.{0,200}\)?\.?$/i,
  /^(?:©|\(c\)|copyright\b)(?=.{0,200}$)/i,
  /^all rights reserved\b.{0,60}$/i,
  /^this (?:article|story|report) (?:was|first) (?:originally )?(?:published|appeared)\b.{0,150}$/i,
  /^click here\b.{0,100}$/i,
  /^\d+ min(?:ute)?s? read$/i,
  // a date or time alone on a line (the page's dateline furniture; the date itself is read from metadata)
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?)\s+\d{4}(?:(?:\s*(?:[,|•·-]|at)\s*|\s+)\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?$/i,
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}\S*)?$/,
  // obfuscated or bare e-mail addresses (scrapers leave "[email protected]" where an address was)
  /^[^\s@]+@[^\s@]+\.\w+$/, // one "@": linear (\S+@\S+ took 209 s on a line of 200,000 "@")
  /^\[email\s*protected\]$/i,
];

/** Lines announced by a label of their own: dropped even when the linked headline reports speech. */
const LABELLED_LINES: RegExp[] = [
  /^(?:read|see) (?:also|more|next|this|the full story)\s*[:|»>–—-]/i,
  /^(?:also read|related|more|watch|listen|video|explainer)\s*[:|»>]/i,
];

/** Section labels that sites print above a story as a line of their own. */
const SECTION_LABELS = new Set([
  'world',
  'world news',
  'news',
  'latest',
  'latest news',
  'breaking',
  'breaking news',
  'home',
  'politics',
  'business',
  'economy',
  'markets',
  'money',
  'finance',
  'sport',
  'sports',
  'opinion',
  'comment',
  'analysis',
  'features',
  'feature',
  'africa',
  'middle east',
  'mena',
  'europe',
  'asia',
  'asia pacific',
  'americas',
  'us',
  'u.s.',
  'uk',
  'international',
  'national',
  'local',
  'region',
  'regional',
  'technology',
  'tech',
  'science',
  'health',
  'culture',
  'arts',
  'entertainment',
  'lifestyle',
  'travel',
  'environment',
  'climate',
  'video',
  'videos',
  'photos',
  'gallery',
  'podcast',
  'editorial',
  'exclusive',
  'investigation',
  'explainer',
  'live',
  'interview',
  'middle east & north africa',
  'middle east and north africa',
  'north africa',
  'arab world',
  'energy',
  'security',
  'diplomacy',
  'migration',
]);

/** Agencies whose name in a byline or dateline credits the story. */
export const AGENCIES = [
  'Reuters',
  'Reuter',
  'AFP',
  'AP',
  'Associated Press',
  'Agence France-Presse',
  'Agence France Presse',
  'ANSA',
  'dpa',
  'EFE',
  'Xinhua',
  'TASS',
  'RIA Novosti',
  'Anadolu',
  'Anadolu Agency',
  'AA',
  'PTI',
  'IANS',
  'ANI',
  'UPI',
  'Bloomberg',
  'Kyodo',
  'Yonhap',
  'ITALPRESS',
  'MNA',
  'Bernama',
  'Interfax',
  'WAFA',
  'KUNA',
  'SPA',
  'WAM',
  'MENA',
  'IRNA',
  'LANA',
  'Antara',
  'CNA',
  'KNA',
  'APA',
  'BTA',
  'PAP',
  'CTK',
  'Belga',
  'ANP',
  'NTB',
  'TT',
  'Lusa',
  'Europa Press',
  'Jiji',
  'SANA',
  'QNA',
  'BNA',
  'ONA',
  'Petra',
  'NNA',
  'Sputnik',
  'AAP',
  'CP',
  'Canadian Press',
  'PA',
  'Press Association',
  'IPS',
];
const AGENCY_SET = new Set(AGENCIES.map((a) => a.toLowerCase()));

export function isAgency(name: string): boolean {
  return AGENCY_SET.has(name.trim().toLowerCase());
}

/** Markers are headings or buttons (short lines), or a paywall or comment-block opener. */
export function isEndMarker(line: string): boolean {
  if (END_SENTENCES.some((re) => re.test(line))) return true;
  return line.length <= 60 && END_MARKERS.some((re) => re.test(line));
}

/** Furniture never reports speech: a long line that does is story, whatever else it looks like. */
const REPORTS_SPEECH = /\b(?:said|says|told|according to)\b/;

/** A photo credit at the end of a caption: "… on a visit to Italy. Photo: AFP", "(AP Photo/Jane Doe, File)". */
const TRAILING_CREDIT = [
  /\b(?:photo|photograph|picture|image)s?(?: credit)?\s*:\s*[^.:]{1,60}\.?$/i,
  /\((?:[\w .&-]{1,30} )?(?:photos?|photograph|picture|image)\/[^)]{1,80}\)\.?$/i,
];

/**
 * A caption that carries a credit keeps its sentence and loses the credit: captions name people and roles
 * the story may not repeat. Returns null when the line is no such caption, or only a credit.
 */
export function withoutPhotoCredit(line: string): string | null {
  for (const re of TRAILING_CREDIT) {
    const m = re.exec(line);
    if (!m) continue;
    const caption = line.slice(0, m.index).trim();
    return caption.split(/\s+/).length >= 6 && /[.!?]$/.test(caption) ? caption : null;
  }
  return null;
}

export function isDroppedLine(line: string): boolean {
  if (LABELLED_LINES.some((re) => re.test(line))) return true;
  if (line.length > 60 && REPORTS_SPEECH.test(line)) return false;
  return DROPPED_LINES.some((re) => re.test(line)) || isSectionLabel(line);
}

export function isSectionLabel(line: string): boolean {
  return line.length <= 40 && SECTION_LABELS.has(line.toLowerCase().replace(/[.:]$/, ''));
}

/** "[email protected]" and real addresses: a short line holding one is contact furniture, not story. */
export function holdsEmail(line: string): boolean {
  if (!line.includes('@') && !line.includes('protected')) return false;
  return /\[email\s*protected\]|\b[\w.+-]+@[\w-]+\.[\w.-]+\b/i.test(line);
}

/** "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Jane Doe | Staff writer". */
export function isBylineLine(line: string): boolean {
  if (line.length > 100) return false;
  if (/^[Bb]y\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3}(?:\s*(?:,|and|&|\||-|–|—|in)\s*[\w.’' -]{0,40})?$/.test(line))
    return true;
  // eslint-disable-next-line regexp/no-super-linear-backtracking -- bounded: lines over 100 characters were turned away above
  return /^[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){1,3}\s*[|,–—-]\s*(?:staff|senior|chief|special)?\s*(?:writer|reporter|correspondent|editor|journalist)s?$/i.test(
    line,
  );
}

const ROLE = String.raw`(?:journalist|reporter|correspondent|writer|editor|columnist|contributor|blogger)`;
const BIO_PATTERNS = [
  new RegExp(String.raw`^(?:an?\s+)?(?:[\w-]+\s+){0,3}${ROLE}\b.{0,120}\bI\s+(?:cover|write|report|focus)`, 'i'),
  /^I (?:cover|write about|report on)\b/,
  new RegExp(String.raw`^[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3}\s+is\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}${ROLE}\b`),
];
const MENTIONS_ROLE = new RegExp(String.raw`${ROLE}|^I `, 'i');

/** Author blurbs at the end of a story: "A professional journalist for ten years, I cover...", "Jane Doe is a reporter for...". */
export function isAuthorBio(line: string): boolean {
  if (line.length > 300 || !MENTIONS_ROLE.test(line)) return false;
  return BIO_PATTERNS.some((re) => re.test(line));
}

/** A person's name alone on a line (2-4 capitalised words), as bylines above an author blurb are printed. */
export function isNameLine(line: string): boolean {
  return /^[A-Z][a-zà-ÿ’'.-]+(?:\s+(?:[A-Z][a-zà-ÿ’'.-]+|de|van|von|al|el|bin|ben)){1,3}$/.test(line);
}
