/**
 * The /dev page's script (runs in the browser): the identity selector, the install and reminder
 * buttons, and Web Chat (`window.WebChat`, loaded before this module) connected through the
 * bridge. The page's settings come as JSON in `<script id="dev-config">` (src/dev/page.ts).
 */
import { createBridgeDirectLine } from './direct-line.js';

const config = JSON.parse(document.getElementById('dev-config').textContent);
const statusLine = document.getElementById('status');

function show(text, isError) {
  statusLine.textContent = text;
  statusLine.className = isError ? 'error' : '';
}

async function post(button, url, done) {
  button.disabled = true;
  show('');
  try {
    const res = await fetch(url, { method: 'POST' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    show(done(await res.json()));
  } catch (e) {
    show(`Det gick inte: ${e.message}`, true);
  } finally {
    button.disabled = false;
  }
}

// Switching identity switches conversation: the page is reloaded as the other person.
document.getElementById('identity').addEventListener('change', (event) => {
  location.search = `?som=${encodeURIComponent(event.target.value)}`;
});

const install = document.getElementById('install');
install.addEventListener('click', () => {
  post(
    install,
    `/dev/api/conversations/${encodeURIComponent(config.conversationId)}/install`,
    () => 'Installationshändelsen skickades.',
  );
});

const reminders = document.getElementById('reminders');
reminders?.addEventListener('click', () => {
  post(reminders, '/dev/api/reminders/run', (body) =>
    body?.summary ? `Påminnelserna kördes. ${body.summary}` : 'Påminnelserna kördes.',
  );
});

window.directLine = createBridgeDirectLine({ conversationId: config.conversationId });
window.WebChat.renderWebChat(
  {
    directLine: window.directLine,
    userID: config.userId,
    username: config.username,
    locale: 'sv-SE',
    styleOptions: {
      bubbleMaxWidth: 640,
      botAvatarInitials: 'UB',
      userAvatarInitials: config.initials,
      hideUploadButton: true,
      accent: '#5b5fc7',
      primaryFont: '"Segoe UI", system-ui, sans-serif',
    },
  },
  document.getElementById('webchat'),
);
