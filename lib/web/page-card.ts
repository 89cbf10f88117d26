/** What a link preview shows: the same for every page, so a preview never carries a page's content. */
export const SITE_NAME = 'Ephemeral P2P';
export const SITE_DESCRIPTION = 'Pages that live only in the browser tabs that hold them. The server stores nothing.';

/** The card's picture: static, the same for every page (public/og-card.png). */
export const CARD_IMAGE = {
  url: '/og-card.png',
  width: 1200,
  height: 630,
  alt: 'Ephemeral P2P: a page that opens only while someone holds it',
};

/** A page address's card. */
export const PAGE_CARD = {
  title: 'A page on Ephemeral P2P',
  description:
    'It opens only while someone holds it: pages live in the browser tabs that hold them, and the server stores nothing.',
};
