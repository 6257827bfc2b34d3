import { article } from './articles.ts';

/**
 * A corpus written for these counts: Amira Haddad in four dated articles (two in ISO week 1 of 2021, one in week 3,
 * one in week 13) and one undated; Tomas Verhoeven in weeks 1 and 13; "drought" as a plain word in weeks 3 and 13.
 */
export const TREND_ARTICLES = [
  article(
    'h1',
    '2021-01-04',
    'Minister visits the port',
    'Foreign Minister Amira Haddad visited Port Alden on Monday, her office said.',
  ),
  article(
    'h2',
    '2021-01-06',
    'Minister meets envoys',
    'Foreign Minister Amira Haddad met the envoys of three countries in the capital, officials said.',
  ),
  article(
    'v1',
    '2021-01-05',
    'Rebels hold the line',
    'Rebel commander Tomas Verhoeven said his forces would hold the northern province.',
  ),
  article(
    'h3',
    '2021-01-20',
    'Talks on the drought',
    'Foreign Minister Amira Haddad said the drought had hurt farmers in the north.',
  ),
  article(
    'h4',
    '2021-03-29',
    'Talks resume',
    'Foreign Minister Amira Haddad told reporters that the drought relief would reach the province.',
  ),
  article(
    'v2',
    '2021-03-30',
    'Commander speaks',
    'Rebel commander Tomas Verhoeven spoke to reporters again on Tuesday.',
  ),
  article(
    'u1',
    null,
    'Profile of the minister',
    'Foreign Minister Amira Haddad has served in the government for a decade.',
  ),
];
