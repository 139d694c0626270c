/*
 * The operators' dashboard: reads the service's own API every few seconds and calls it for the
 * operators' actions. Nothing secret is in the page: when the service asks for the operator token,
 * the page asks for it once and keeps it in sessionStorage (this tab only), sending it as
 * Authorization: Bearer.
 */
(function () {
  'use strict';

  const REFRESH_MILLIS = 5000;
  const TOKEN_KEY = 'message-dispatch.operator-token';
  const FAILED_SHOWN = 20;
  const SVG = 'http://www.w3.org/2000/svg';
  const SERIES = ['sent', 'failed', 'retried'];
  const COUNTED = ['unsent', 'sending', 'sent', 'failed', 'expired', 'cancelled'];

  const state = {
    refreshTimer: null,
    refreshing: false,
    again: false,
    failedShown: '',
    testMessagesChecked: false,
    throughput: null,
    stopped: false
  };

  const $ = (id) => document.getElementById(id);

  /** The API refused the token: the token dialog is shown, nothing else is to be done. */
  class NeedsToken extends Error {}

  /** The API answered with its error body. */
  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(path, options) {
    const headers = { Accept: 'application/json' };
    const stored = token();
    if (stored) {
      headers.Authorization = 'Bearer ' + stored;
    }
    const init = { method: 'GET', cache: 'no-store', headers: headers };
    if (options && options.method) {
      init.method = options.method;
    }
    if (options && options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (ignored) {
        body = null;
      }
    }
    if (response.status === 401) {
      askForToken(stored ? 'That token was refused. Enter the operator token.' : null);
      throw new NeedsToken('token needed');
    }
    if (response.status === 403 && path.startsWith('/processor/status')) {
      askForToken('That is a client key, which may not operate the service. Enter the operator token.');
      throw new NeedsToken('operator token needed');
    }
    if (!response.ok) {
      throw new ApiError((body && (body.error || body.detail)) || ('HTTP ' + response.status), response.status);
    }
    return body;
  }

  // ---- token dialog ----

  function askForToken(problem) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('dashboard').hidden = true;
    $('sign-out').hidden = true;
    $('token-dialog').hidden = false;
    const error = $('token-error');
    error.hidden = !problem;
    error.textContent = problem || '';
    stopRefreshing();
    $('token-input').focus();
  }

  function onTokenSubmitted(event) {
    event.preventDefault();
    const value = $('token-input').value.trim();
    if (!value) {
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token-input').value = '';
    $('token-dialog').hidden = true;
    refreshSoon(0);
  }

  function forgetToken() {
    askForToken(null);
  }

  // ---- refreshing ----

  function stopRefreshing() {
    state.stopped = true;
    if (state.refreshTimer) {
      clearTimeout(state.refreshTimer);
      state.refreshTimer = null;
    }
  }

  /** Refreshes after delay; asked while a refresh is under way, right after it. */
  function refreshSoon(delay) {
    state.stopped = false;
    if (state.refreshing) {
      state.again = true;
      return;
    }
    if (state.refreshTimer) {
      clearTimeout(state.refreshTimer);
    }
    state.refreshTimer = setTimeout(refresh, delay);
  }

  async function refresh() {
    state.refreshTimer = null;
    state.refreshing = true;
    try {
      const status = await api('/processor/status');
      $('token-dialog').hidden = true;
      $('dashboard').hidden = false;
      $('sign-out').hidden = !token();
      showStatus(status);
      const [throughput, failed] = await Promise.all([
        api('/processor/throughput?minutes=60'),
        api('/messages?status=failed&limit=' + FAILED_SHOWN)
      ]);
      showThroughput(throughput);
      showFailed(failed);
      if (!state.testMessagesChecked) {
        await checkTestMessages();
      }
      $('last-refresh').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (error) {
      if (error instanceof NeedsToken) {
        return;
      }
      $('last-refresh').textContent = 'not updated: ' + error.message;
    } finally {
      state.refreshing = false;
      const again = state.again;
      state.again = false;
      if (!state.stopped && $('token-dialog').hidden) {
        refreshSoon(again ? 0 : REFRESH_MILLIS);
      }
    }
  }

  // ---- processor ----

  function showStatus(status) {
    const running = status.running;
    const pill = $('processor-state');
    pill.textContent = running ? 'running' : 'stopped';
    pill.className = 'pill ' + (running ? 'pill-running' : 'pill-stopped');
    $('processor-running').textContent = running ? 'running for the whole cluster' : 'stopped for the whole cluster';
    $('start-button').disabled = running;
    $('stop-button').disabled = !running;
    $('next-run').textContent = status.nextRunAt ? relativeTime(status.nextRunAt) : 'none while stopped';
    $('circuit-state').textContent = (status.providerCircuit || 'unknown').toLowerCase().replace('_', '-');
    $('circuit-reason').textContent = status.providerCircuitReason || '';
    showFacts($('settings'), status.settings, {
      interval: 'interval', initialDelay: 'first run after', batchSize: 'batch size', chunkSize: 'chunk size',
      sendConcurrency: 'POSTs at once', maxRunDuration: 'longest run', lease: 'claim lease',
      lockLease: 'lock lease', shutdownTimeout: 'shutdown waits', clockSkew: 'clock skew allowed'
    });
    showFacts($('retention'), status.retention, {
      settled: 'settled messages', idempotencyKeys: 'idempotency keys',
      unmatchedDeliveryReports: 'unmatched delivery reports', throughputCounters: 'throughput counters',
      deletedBy: 'deleted by', sweepInterval: 'sweep every'
    });
    showCounts(status);
    showRuns(status.lastRuns || []);
  }

  function showFacts(list, values, names) {
    list.replaceChildren();
    if (!values) {
      return;
    }
    Object.keys(names).forEach((key) => {
      if (!(key in values)) {
        return;
      }
      const term = document.createElement('dt');
      term.textContent = names[key];
      const value = document.createElement('dd');
      const raw = values[key];
      if (raw === null) {
        value.textContent = key === 'settled' ? 'kept forever' : '–';
      } else if (typeof raw === 'string' && raw.startsWith('P')) {
        value.textContent = duration(raw);
      } else if (key === 'deletedBy') {
        value.textContent = raw === 'TTL_INDEX' ? 'TTL indexes and the sweep' : 'the sweep';
      } else {
        value.textContent = String(raw);
      }
      list.append(term, value);
    });
  }

  function showCounts(status) {
    const messages = status.messages;
    COUNTED.forEach((name) => setCount('count-' + name, messages ? messages[name] : null));
    const queue = status.queue;
    setCount('count-scheduled', queue ? queue.scheduled : null);
    $('count-due').textContent = queue ? number(queue.due) + ' due now' : 'not counted';
    $('oldest-due').textContent = (queue && queue.oldestDueAge) ? duration(queue.oldestDueAge) : '–';
    $('oldest-due-note').textContent = !queue ? 'not counted'
      : (queue.oldestDueAge ? 'since it was created' : 'none due now');
    const delivery = status.delivery;
    setCount('count-delivered', delivery ? delivery.delivered : null);
    setCount('count-undelivered', delivery ? delivery.undelivered : null);
    $('count-awaiting').textContent = delivery ? number(delivery.awaitingReport) + ' awaiting a report' : '';
    $('delivered-share').textContent = delivery && delivery.deliveredShare !== null
      ? (delivery.deliveredShare * 100).toFixed(1) + '% of those reported' : 'no report yet';
  }

  function setCount(id, value) {
    $(id).textContent = (value === null || value === undefined) ? '–' : number(value);
  }

  function showRuns(runs) {
    const body = $('runs-body');
    body.replaceChildren();
    if (runs.length === 0) {
      body.append(row([cell('No run yet.', 'muted', 10)]));
      return;
    }
    runs.forEach((run) => {
      body.append(row([
        cell(clock(run.startedAt)), cell(run.instance || '–'), cell((run.mode || '').toLowerCase()),
        cell((run.outcome || '').toLowerCase()), cell(number(run.claimed), 'num'), cell(number(run.sent), 'num'),
        cell(number(run.retried), 'num'), cell(number(run.failed), 'num'),
        cell(tookMillis(run.startedAt, run.endedAt), 'num'), cell(run.error || '', 'error-text')
      ]));
    });
  }

  async function switchProcessor(action) {
    const button = $(action === 'start' ? 'start-button' : 'stop-button');
    button.disabled = true;
    try {
      const answer = await api('/processor/' + action, { method: 'POST' });
      notify(answer.message);
    } catch (error) {
      if (!(error instanceof NeedsToken)) {
        notify('Could not ' + action + ' the processor: ' + error.message, true);
      }
    }
    refreshSoon(0);
  }

  // ---- throughput chart ----

  function showThroughput(minutes) {
    state.throughput = minutes;
    const totals = { sent: 0, failed: 0, retried: 0 };
    minutes.forEach((minute) => SERIES.forEach((name) => { totals[name] += minute[name]; }));
    const legend = $('throughput-totals');
    legend.replaceChildren();
    SERIES.forEach((name) => {
      const item = document.createElement('span');
      item.className = 'legend-item';
      item.id = 'throughput-' + name;
      const swatch = document.createElement('span');
      swatch.className = 'swatch swatch-' + name;
      const text = document.createElement('span');
      text.textContent = name + ' ' + number(totals[name]);
      item.append(swatch, text);
      legend.append(item);
    });
    drawChart($('throughput-chart'), minutes, totals);
  }

  function drawChart(svg, minutes, totals) {
    const box = svg.getBoundingClientRect();
    const width = Math.max(320, Math.round(box.width) || 640);
    const height = Math.max(160, Math.round(box.height) || 240);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    const left = 44;
    const right = 10;
    const top = 10;
    const bottom = 26;
    const plotWidth = width - left - right;
    const plotHeight = height - top - bottom;
    let highest = 1;
    minutes.forEach((minute) => SERIES.forEach((name) => { highest = Math.max(highest, minute[name]); }));
    const ceiling = niceCeiling(highest);
    const x = (index) => left + (minutes.length <= 1 ? plotWidth : (index * plotWidth) / (minutes.length - 1));
    const y = (value) => top + plotHeight - (value * plotHeight) / ceiling;
    svg.replaceChildren();
    [0, ceiling / 2, ceiling].forEach((value) => {
      svg.append(svgElement('line', { class: 'grid-line', x1: left, x2: width - right, y1: y(value), y2: y(value) }));
      const label = svgElement('text', { class: 'axis-label', x: left - 6, y: y(value) + 4, 'text-anchor': 'end' });
      label.textContent = number(Math.round(value * 10) / 10);
      svg.append(label);
    });
    if (minutes.length > 0) {
      const marks = [[0, 'start'], [Math.floor((minutes.length - 1) / 2), 'middle'], [minutes.length - 1, 'end']];
      marks.forEach(([index, anchor]) => {
        const label = svgElement('text', { class: 'axis-label', x: x(index), y: height - 8, 'text-anchor': anchor });
        label.textContent = clock(minutes[index].minute, true);
        svg.append(label);
      });
    }
    SERIES.slice().reverse().forEach((name) => {
      const points = minutes.map((minute, index) => x(index).toFixed(1) + ',' + y(minute[name]).toFixed(1)).join(' ');
      svg.append(svgElement('polyline', { class: 'series series-' + name, points: points, 'data-series': name }));
    });
    svg.setAttribute('aria-label', 'Messages per minute over the last ' + minutes.length + ' minutes: '
      + SERIES.map((name) => number(totals[name]) + ' ' + name).join(', '));
  }

  function niceCeiling(value) {
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 5, 10]) {
      if (value <= step * magnitude) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach((key) => element.setAttribute(key, attributes[key]));
    return element;
  }

  // ---- failed messages and requeue ----

  function showFailed(messages) {
    const shown = messages.map((message) => message.id + ':' + message.attempts + ':' + message.updatedAt).join('|');
    if (shown === state.failedShown) {
      return;
    }
    state.failedShown = shown;
    const body = $('failed-body');
    body.replaceChildren();
    $('failed-empty').hidden = messages.length > 0;
    messages.forEach((message) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-small requeue';
      button.textContent = 'Requeue';
      button.setAttribute('aria-label', 'Requeue message ' + message.id);
      button.addEventListener('click', () => requeue(message.id, button));
      const tr = row([
        cell(clock(message.settledAt || message.updatedAt)), cell(message.id, 'id'), cell(mask(message.phoneNumber)),
        cell(number(message.attempts), 'num'), clampedCell(message.lastError || '', 'error-text'), cellWith(button)
      ]);
      tr.dataset.id = message.id;
      body.append(tr);
    });
  }

  async function requeue(id, button) {
    button.disabled = true;
    try {
      await api('/messages/' + encodeURIComponent(id) + '/requeue', { method: 'POST' });
      notify('Message ' + id + ' is back in the queue.');
      const tr = button.closest('tr');
      if (tr) {
        tr.remove();
      }
      state.failedShown = '';
    } catch (error) {
      if (!(error instanceof NeedsToken)) {
        notify('Message ' + id + ' not requeued: ' + error.message, true);
        button.disabled = false;
      }
    }
    refreshSoon(0);
  }

  async function requeueAllDryRun() {
    const summary = $('requeue-all-summary');
    try {
      const answer = await api('/messages/requeue?dryRun=true', { method: 'POST' });
      if (answer.wouldRequeue === 0) {
        summary.textContent = 'No failed message can be requeued.';
        return;
      }
      summary.textContent = number(answer.wouldRequeue) + ' failed message(s) would be requeued'
        + (answer.remaining > 0 ? ', ' + number(answer.remaining) + ' more after that' : '') + '.';
      $('requeue-all-confirm').hidden = false;
      $('requeue-all-cancel').hidden = false;
      $('requeue-all-confirm').focus();
    } catch (error) {
      if (!(error instanceof NeedsToken)) {
        summary.textContent = 'Could not count them: ' + error.message;
      }
    }
  }

  async function requeueAll() {
    hideRequeueAllConfirm();
    try {
      const answer = await api('/messages/requeue', { method: 'POST' });
      $('requeue-all-summary').textContent = number(answer.requeued) + ' message(s) requeued'
        + (answer.remaining > 0 ? ', ' + number(answer.remaining) + ' still failed' : '') + '.';
      state.failedShown = '';
    } catch (error) {
      if (!(error instanceof NeedsToken)) {
        $('requeue-all-summary').textContent = 'Not requeued: ' + error.message;
      }
    }
    refreshSoon(0);
  }

  function hideRequeueAllConfirm() {
    $('requeue-all-confirm').hidden = true;
    $('requeue-all-cancel').hidden = true;
  }

  // ---- lookup ----

  async function lookUp(event) {
    event.preventDefault();
    const query = $('lookup-input').value.trim();
    const result = $('lookup-result');
    result.replaceChildren();
    if (!query) {
      return;
    }
    try {
      if (/^\+[1-9]\d{1,14}$/.test(query)) {
        const messages = await api('/messages?phoneNumber=' + encodeURIComponent(query) + '&limit=20');
        showMatches(result, query, messages);
      } else {
        await showMessage(result, query);
      }
    } catch (error) {
      if (!(error instanceof NeedsToken)) {
        const problem = document.createElement('p');
        problem.className = 'error';
        problem.textContent = error.message;
        result.append(problem);
      }
    }
  }

  function showMatches(result, phoneNumber, messages) {
    const heading = document.createElement('p');
    heading.textContent = messages.length === 0 ? 'No message to ' + phoneNumber + '.'
      : 'The newest ' + messages.length + ' message(s) to ' + phoneNumber + ':';
    result.append(heading);
    if (messages.length === 0) {
      return;
    }
    const table = document.createElement('table');
    table.innerHTML = '<thead><tr><th>created</th><th>id</th><th>status</th><th>delivery</th><th></th></tr></thead>';
    const body = document.createElement('tbody');
    messages.forEach((message) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-small';
      button.textContent = 'Details';
      button.addEventListener('click', async () => {
        const detail = document.createElement('div');
        result.replaceChildren(detail);
        try {
          await showMessage(detail, message.id);
        } catch (error) {
          if (!(error instanceof NeedsToken)) {
            detail.textContent = error.message;
          }
        }
      });
      body.append(row([cell(clock(message.createdAt)), cell(message.id, 'id'), cell(message.status),
        cell(message.delivery ? message.delivery.status : '–'), cellWith(button)]));
    });
    table.append(body);
    const box = document.createElement('div');
    box.className = 'table-box';
    box.append(table);
    result.append(box);
  }

  async function showMessage(result, id) {
    const [message, attempts] = await Promise.all([
      api('/messages/' + encodeURIComponent(id)),
      api('/messages/' + encodeURIComponent(id) + '/attempts')
    ]);
    const box = document.createElement('div');
    box.className = 'lookup-message';
    const facts = document.createElement('dl');
    facts.className = 'facts';
    facts.id = 'lookup-message';
    const delivery = message.delivery
      ? message.delivery.status + ' at ' + clock(message.delivery.at)
        + (message.delivery.errorCode ? ' (' + message.delivery.errorCode + ')' : '')
      : 'no report yet';
    [['id', message.id], ['phone number', message.phoneNumber], ['content', message.content],
      ['status', message.status], ['attempts', number(message.attempts)], ['created', clock(message.createdAt)],
      ['next attempt', message.nextAttemptAt ? clock(message.nextAttemptAt) : '–'],
      ['sent', message.sentAt ? clock(message.sentAt) : '–'], ['provider id', message.webhookMessageId || '–'],
      ['last error', message.lastError || '–'], ['delivery report', delivery], ['client', message.client || '–']]
      .forEach(([name, value]) => {
        const term = document.createElement('dt');
        term.textContent = name;
        const detail = document.createElement('dd');
        detail.textContent = value;
        facts.append(term, detail);
      });
    box.append(facts);
    const heading = document.createElement('h3');
    heading.textContent = 'Attempt log';
    box.append(heading);
    if (attempts.length === 0) {
      const none = document.createElement('p');
      none.className = 'muted';
      none.textContent = 'Not POSTed yet.';
      box.append(none);
    } else {
      const table = document.createElement('table');
      table.innerHTML = '<thead><tr><th class="num">#</th><th>at</th><th>instance</th><th>outcome</th>'
        + '<th class="num">HTTP</th><th class="num">ms</th><th>error</th></tr></thead>';
      const body = document.createElement('tbody');
      attempts.forEach((attempt) => body.append(row([cell(number(attempt.attempt), 'num'), cell(clock(attempt.at)),
        cell(attempt.instance || '–'), cell(attempt.outcome), cell(attempt.httpStatus === null ? '–'
          : String(attempt.httpStatus), 'num'), cell(number(attempt.latencyMs), 'num'),
        cell(attempt.error || '', 'error-text')])));
      table.append(body);
      const tableBox = document.createElement('div');
      tableBox.className = 'table-box';
      tableBox.append(table);
      box.append(tableBox);
    }
    result.append(box);
  }

  // ---- test messages ----

  async function checkTestMessages() {
    try {
      await api('/processor/test-messages');
      $('test-messages').hidden = false;
    } catch (error) {
      if (error instanceof NeedsToken) {
        throw error;
      }
      $('test-messages').hidden = true;
    }
    state.testMessagesChecked = true;
  }

  async function sendTestMessages(event) {
    event.preventDefault();
    const count = Number($('test-count').value);
    const failureRate = Number($('test-failure-rate').value);
    const button = $('test-send');
    button.disabled = true;
    try {
      const answer = await api('/processor/test-messages', { method: 'POST', body: { count: count, failureRate: failureRate } });
      $('test-result').textContent = number(answer.enqueued) + ' test message(s) enqueued, '
        + number(answer.meantToFail) + ' of them meant to fail.';
    } catch (error) {
      if (!(error instanceof NeedsToken)) {
        $('test-result').textContent = 'Not sent: ' + error.message;
      }
    } finally {
      button.disabled = false;
    }
    refreshSoon(0);
  }

  // ---- small helpers ----

  function notify(text, isError) {
    const notice = $('notice');
    notice.textContent = text;
    notice.className = 'notice' + (isError ? ' notice-error' : '');
    notice.hidden = false;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach((td) => tr.append(td));
    return tr;
  }

  function cell(text, className, span) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    if (span) {
      td.colSpan = span;
    }
    return td;
  }

  /** A cell that shows two lines of a long text, all of it on hover. */
  function clampedCell(text, className) {
    const shown = document.createElement('div');
    shown.className = 'clamped';
    shown.textContent = text;
    shown.title = text;
    const td = cellWith(shown);
    td.className = className;
    return td;
  }

  function cellWith(element) {
    const td = document.createElement('td');
    td.append(element);
    return td;
  }

  function number(value) {
    return (value === null || value === undefined) ? '–' : Number(value).toLocaleString('en-US');
  }

  function mask(phoneNumber) {
    if (!phoneNumber || phoneNumber.length < 8) {
      return phoneNumber || '–';
    }
    return phoneNumber.slice(0, 6) + '*'.repeat(phoneNumber.length - 8) + phoneNumber.slice(-2);
  }

  function clock(instant, short) {
    if (!instant) {
      return '–';
    }
    const date = new Date(instant);
    const time = date.toLocaleTimeString([], short ? { hour: '2-digit', minute: '2-digit' }
      : { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const today = new Date().toDateString() === date.toDateString();
    return today ? time : date.toLocaleDateString() + ' ' + time;
  }

  function relativeTime(instant) {
    const seconds = Math.round((new Date(instant).getTime() - Date.now()) / 1000);
    const when = seconds <= 0 ? 'due now' : 'in ' + spoken(seconds);
    return when + ' (' + clock(instant) + ')';
  }

  function tookMillis(start, end) {
    if (!start || !end) {
      return '–';
    }
    const millis = new Date(end).getTime() - new Date(start).getTime();
    return millis < 1000 ? millis + ' ms' : spoken(millis / 1000);
  }

  /** An ISO-8601 duration as the API writes them (PT1M6.2S, PT720H) in words. */
  function duration(iso) {
    const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso);
    if (!match) {
      return iso;
    }
    const seconds = (Number(match[1] || 0) * 86400) + (Number(match[2] || 0) * 3600)
      + (Number(match[3] || 0) * 60) + Number(match[4] || 0);
    return spoken(seconds);
  }

  function spoken(totalSeconds) {
    if (totalSeconds === 0) {
      return '0 s';
    }
    const parts = [];
    let rest = totalSeconds;
    [[86400, 'd'], [3600, 'h'], [60, 'min']].forEach(([size, unit]) => {
      if (rest >= size) {
        parts.push(Math.floor(rest / size) + ' ' + unit);
        rest = rest % size;
      }
    });
    if (rest > 0 && parts.length < 2) {
      parts.push((Math.round(rest * 10) / 10) + ' s');
    }
    return parts.slice(0, 2).join(' ');
  }

  // ---- wiring ----

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', onTokenSubmitted);
    $('sign-out').addEventListener('click', forgetToken);
    $('start-button').addEventListener('click', () => switchProcessor('start'));
    $('stop-button').addEventListener('click', () => switchProcessor('stop'));
    $('requeue-all').addEventListener('click', requeueAllDryRun);
    $('requeue-all-confirm').addEventListener('click', requeueAll);
    $('requeue-all-cancel').addEventListener('click', () => {
      hideRequeueAllConfirm();
      $('requeue-all-summary').textContent = '';
    });
    $('lookup-form').addEventListener('submit', lookUp);
    $('test-form').addEventListener('submit', sendTestMessages);
    // the chart is drawn to its box's size, so that its text keeps its size
    new ResizeObserver(() => {
      if (state.throughput) {
        showThroughput(state.throughput);
      }
    }).observe($('throughput-chart'));
    refreshSoon(0);
  });
}());
