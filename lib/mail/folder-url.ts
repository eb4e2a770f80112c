/**
 * Folder paths go into URLs as one encoded segment (/mail/Projects%2Fmaeil),
 * whatever the server's hierarchy delimiter, so any name round-trips.
 */
export function folderHref(path: string): string {
  return `/mail/${encodeURIComponent(path)}`;
}

export function messageHref(path: string, uid: number): string {
  return `${folderHref(path)}/${uid}`;
}

/** The folder path from a route parameter (which may still be percent-encoded). */
export function folderFromParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}
