// The signed-in key, kept in this tab's sessionStorage only: it goes when the tab closes, and no other
// site or tab can read it. A console URL may carry a key in its fragment (#key=...&secret=...), which
// browsers never send to a server; the page takes it and at once removes it from the address bar and
// the history entry.

const STORE = "berth.credentials";

export function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
    if (saved && saved.accessKeyId && saved.secretAccessKey && saved.region) {
      return saved;
    }
  } catch (e) {
    // unreadable: treated as signed out
  }
  return null;
}

export function save(credentials) {
  sessionStorage.setItem(STORE, JSON.stringify(credentials));
}

export function clear() {
  sessionStorage.removeItem(STORE);
}

/**
 * Takes a key from the fragment, when one is there; returns the fragment's other parameters (such as
 * cluster) so the page can keep them.
 */
export function takeFromFragment(defaultRegion) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const accessKeyId = params.get("key");
  const secretAccessKey = params.get("secret");
  if (accessKeyId && secretAccessKey) {
    save({ accessKeyId, secretAccessKey, region: params.get("region") || defaultRegion });
  }
  params.delete("key");
  params.delete("secret");
  params.delete("region");
  const rest = params.toString();
  if (accessKeyId || secretAccessKey) {
    history.replaceState(null, "", location.pathname + location.search + (rest ? "#" + rest : ""));
  }
  return params;
}
