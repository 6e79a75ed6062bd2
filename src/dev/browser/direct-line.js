/**
 * The /dev page's side of the bridge (runs in the browser): `createBridgeDirectLine({
 * conversationId })` returns what Web Chat takes as `directLine` — `activity$` and
 * `connectionStatus$` (observables with `subscribe`), `postActivity` (an observable of the new id)
 * and `end`. Status numbers as DirectLineJS: 0 uninitialised, 1 connecting, 2 online, 5 ended.
 * New subscribers get the current version of every activity, so nothing is lost between Web
 * Chat's subscriptions; Web Chat replaces an activity it already has when one with the same id
 * arrives, which is how card updates show. It talks to src/dev/page-api.ts.
 */

const STATUS = { uninitialised: 0, connecting: 1, online: 2, ended: 5 };

function observerOf(next, error, complete) {
  return typeof next === 'function' ? { next, error, complete } : next || {};
}

function subscription(onUnsubscribe) {
  return {
    closed: false,
    unsubscribe() {
      onUnsubscribe();
      this.closed = true;
    },
  };
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function createBridgeDirectLine(options) {
  const base = `/dev/api/conversations/${encodeURIComponent(options.conversationId)}`;
  const activityObservers = new Set();
  const statusObservers = new Set();
  const seen = new Map();
  const abort = new AbortController();
  let status = STATUS.uninitialised;
  let watermark = null;
  let ended = false;
  let started = false;

  function setStatus(next) {
    if (status === next) return;
    status = next;
    for (const o of statusObservers) o.next?.(status);
  }

  function deliver(activity) {
    seen.delete(activity.id);
    seen.set(activity.id, activity);
    for (const o of activityObservers) o.next?.(activity);
  }

  // The bridge answers a long-poll at once when there is news, else after its bound; after a
  // failure (the bot restarting) the next try waits a little longer each time, at most 5 s.
  async function pollForever() {
    let failures = 0;
    while (!ended) {
      try {
        const url = `${base}/activities${watermark === null ? '' : `?watermark=${watermark}`}`;
        const res = await fetch(url, { signal: abort.signal, cache: 'no-store' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = await res.json();
        failures = 0;
        setStatus(STATUS.online);
        watermark = body.watermark;
        body.activities.forEach(deliver);
      } catch {
        if (ended) return;
        failures++;
        setStatus(STATUS.connecting);
        await pause(Math.min(500 * failures, 5000));
      }
    }
  }

  return {
    activity$: {
      subscribe(next, error, complete) {
        const o = observerOf(next, error, complete);
        activityObservers.add(o);
        for (const a of seen.values()) o.next?.(a);
        if (!started) {
          started = true;
          setStatus(STATUS.connecting);
          pollForever();
        }
        return subscription(() => activityObservers.delete(o));
      },
    },
    connectionStatus$: {
      subscribe(next, error, complete) {
        const o = observerOf(next, error, complete);
        statusObservers.add(o);
        o.next?.(status);
        return subscription(() => statusObservers.delete(o));
      },
    },
    postActivity(activity) {
      return {
        subscribe(next, error, complete) {
          const o = observerOf(next, error, complete);
          fetch(`${base}/activities`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(activity),
          })
            .then((res) => {
              if (!res.ok) throw new Error(`HTTP ${res.status}`);
              return res.json();
            })
            .then((body) => {
              o.next?.(body.id);
              o.complete?.();
            })
            .catch((e) => o.error?.(e));
          return subscription(() => {});
        },
      };
    },
    end() {
      ended = true;
      abort.abort();
      setStatus(STATUS.ended);
    },
  };
}
