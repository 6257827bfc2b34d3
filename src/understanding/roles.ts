/** Role vocabulary for descriptors ("Italian Prime Minister", "UN envoy for Libya"): general English news usage. */

/** Nouns that make a phrase a role. */
export const ROLE_NOUNS = new Set(
  `president premier minister chancellor commander chief leader head envoy ambassador secretary spokesman spokeswoman spokesperson
  general marshal admiral colonel captain officer official strongman dictator king queen prince emir sultan ruler governor mayor
  senator congressman congresswoman lawmaker mp deputy director chairman chairwoman chair ceo founder executive manager
  adviser advisor negotiator mediator representative delegate diplomat counterpart monarch warlord militia rebel general-secretary
  judge prosecutor attorney lawyer justice speaker editor correspondent journalist reporter analyst economist researcher professor
  coach captain striker player candidate nominee presidency cleric imam bishop pope archbishop patriarch
  under-secretary undersecretary commissioner administrator coordinator inspector superintendent clerk treasurer auditor
  trader banker broker strategist`.split(/\s+/),
);

/** Lower-case words that may sit inside a role phrase before a name ("eastern Libyan commander", "former foreign minister"). */
export const ROLE_MODIFIERS = new Set(
  `former acting interim deputy vice senior top chief foreign defence defense interior finance prime military self-proclaimed
  eastern western northern southern central veteran longtime long-time outgoing incoming new elected exiled ousted late
  special permanent assistant associate executive managing general first second lead opposition rebel army navy police security
  intelligence presidential royal regional local state federal national international un u.n. eu nato`.split(/\s+/),
);

/** Words that only address a person (no role in them). */
export const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'mr.', 'mrs.', 'ms.', 'dr.']);

/** Function words allowed inside a role phrase when capitalised words follow ("Permanent Secretary at the Ministry of ..."). */
export const ROLE_LINKS = new Set(['of', 'for', 'at', 'to', 'the', 'and', 'on', "'s", '’s', '(', ')', '-', '&']);
