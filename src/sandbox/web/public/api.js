// The page's calls to the sandbox: JSON in, JSON out; a failure comes back as an error toast.

export async function get(path) {
  const res = await fetch(`/sandbox/api/${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

export async function post(path, body = {}) {
  const res = await fetch(`/sandbox/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) return { toast: { type: 'error', content: json.error ?? `出错了（HTTP ${res.status}）` } };
  return json;
}

/** Server-sent events; `onEvent` gets each parsed event, `onReconnect` runs after a dropped stream comes back. */
export function listen(onEvent, onReconnect) {
  const source = new EventSource('/sandbox/api/events');
  let dropped = false;
  source.onmessage = (e) => {
    try {
      onEvent(JSON.parse(e.data));
    } catch (err) {
      console.error('bad event', err);
    }
  };
  source.onerror = () => {
    dropped = true;
  };
  source.onopen = () => {
    if (dropped) onReconnect();
    dropped = false;
  };
  return source;
}
