/** Where an element sits, as hono's name-space context says: nowhere special, in `<svg>`, in `<head>`. */
export const NS_NONE = 0;
export const NS_SVG = 1;
export const NS_HEAD = 2;
export type NameSpace = typeof NS_NONE | typeof NS_SVG | typeof NS_HEAD;
