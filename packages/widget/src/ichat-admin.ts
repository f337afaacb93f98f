// <ichat-admin>: registration, message and activity trends drawn with D3, for any admin dashboard.

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import {
  IChatError,
  STATS_BUCKET_SIZES,
  STATS_SERIES,
  type StatsBucketSize,
  type StatsResult,
  type StatsSeries,
  type ModerationActionBody,
  type ModerationEntry,
  type Report,
  type WebhooksResult,
} from '@ichat/protocol';
import { fetchMe, fetchModeration, fetchStats, fetchWebhooks, loginAdmin, logoutAdmin, moderate } from './admin/admin-api.js';
import { moderationView } from './admin/moderation-view.js';
import { ADMIN_STRINGS, fill, type AdminStrings } from './admin/admin-strings.js';
import { adminStyles } from './admin/admin-styles.js';
import { loginForm, radioGroup, statsTable, tooltipLines, tooltipText } from './admin/admin-views.js';
import { LiveFeed } from './admin/live-feed.js';
import { RANGE_PRESETS, rangeStart, type RangePreset } from './admin/stats-range.js';
import { webhooksView } from './admin/webhooks-view.js';
import { chartGeometry, type ChartGeometry } from './charts/chart-geometry.js';
import { drawChart } from './charts/draw-chart.js';
import { controlStyles, themeTokens } from './styles/theme.js';
import { defaultServer, storedToken, storeToken } from './server-origin.js';

export type { RangePreset } from './admin/stats-range.js';

type Status = 'login' | 'loading' | 'ready' | 'error';

/** What the dashboard shows: the statistics charts, the webhook endpoints and deliveries, or moderation. */
const ADMIN_VIEWS = ['stats', 'webhooks', 'moderation'] as const;
type AdminView = (typeof ADMIN_VIEWS)[number];

const TOKEN_SCOPE = 'admin';

/** Positions an absolutely placed element in px through its CSSOM style (`element` is undefined once it is gone). */
function placeAt(element: Element | undefined, left: number, top: number): void {
  if (!(element instanceof HTMLElement)) return;
  element.style.left = `${left}px`;
  element.style.top = `${top}px`;
}

/**
 * Statistics dashboard for iChat administrators.
 *
 * @fires ichat-login - an administrator logged in (`detail: { user }`)
 * @fires ichat-logout - the administrator logged out
 * @fires ichat-stats - a series was loaded (`detail: StatsResult`)
 * @fires ichat-webhooks - the webhooks view was loaded (`detail: WebhooksResult`)
 * @fires ichat-moderation - an administrator took a moderation action here (`detail: ModerationEntry`)
 * @csspart panel - the whole dashboard
 * @csspart header - title row with the live badge and log-out
 * @csspart controls - series, bucket and range switches
 * @csspart chart - the chart area
 * @csspart bar - each bar
 * @csspart cumulative-line - the running-total line
 * @csspart table - the table alternative, and the webhooks view's tables
 * @csspart webhooks - the webhooks view
 * @csspart moderation - the moderation view: the report queue and the log
 * @csspart login - the login form
 * @cssprop --ichat-accent - bars, selected switches and focus rings
 * @cssprop --ichat-background - background
 * @cssprop --ichat-text - text and the cumulative line
 * @cssprop --ichat-font - font family
 * @cssprop --ichat-radius - corner radius
 * @cssprop --ichat-spacing - base spacing unit
 */
export class IChatAdmin extends LitElement {
  static override styles = [themeTokens, controlStyles, adminStyles];

  static override properties = {
    server: { type: String },
    token: { type: String },
    theme: { type: String, reflect: true },
    series: { type: String, reflect: true },
    bucket: { type: String, reflect: true },
    range: { type: String, reflect: true },
    tz: { type: String },
    strings: { attribute: false },
    _status: { state: true },
    _result: { state: true },
    _error: { state: true },
    _active: { state: true },
    _showTable: { state: true },
    _width: { state: true },
    _live: { state: true },
    _adminName: { state: true },
    _view: { state: true },
    _webhooks: { state: true },
    _moderation: { state: true },
    _moderationError: { state: true },
  };

  /** Origin of the iChat server; defaults to the origin this script was loaded from. */
  declare server: string;
  /** An administrator's token; without one the element asks to log in (and remembers the session). */
  declare token: string;
  /** `light` or `dark` to override `prefers-color-scheme`. */
  declare theme: string | undefined;
  declare series: StatsSeries;
  declare bucket: StatsBucketSize;
  declare range: RangePreset;
  /** IANA time zone whose days the buckets follow; defaults to the browser's. */
  declare tz: string;
  /** Overrides for any of the element's strings. */
  declare strings: Partial<AdminStrings>;

  declare private _status: Status;
  declare private _result: StatsResult | undefined;
  declare private _error: string;
  declare private _active: number | null;
  declare private _showTable: boolean;
  declare private _width: number;
  declare private _live: boolean;
  declare private _adminName: string;
  declare private _view: AdminView;
  declare private _webhooks: WebhooksResult | undefined;
  declare private _moderation: { reports: Report[]; entries: ModerationEntry[] } | undefined;
  /** The last failed moderation action's message, shown above the queue (the view stays usable). */
  declare private _moderationError: string;

  #geometry: ChartGeometry | undefined;
  #resize: ResizeObserver | undefined;
  /** Listens for new registrations, to refresh that series live. */
  readonly #feed = new LiveFeed();
  #load: AbortController | undefined;
  #reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');

  constructor() {
    super();
    this.server = defaultServer();
    this.token = '';
    this.theme = undefined;
    this.series = 'registrations';
    this.bucket = 'day';
    this.range = '30d';
    this.tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.strings = {};
    this._status = 'loading';
    this._result = undefined;
    this._error = '';
    this._active = null;
    this._showTable = false;
    this._width = 640;
    this._live = false;
    this._adminName = '';
    this._view = 'stats';
    this._webhooks = undefined;
    this._moderation = undefined;
    this._moderationError = '';
  }

  get #t(): AdminStrings {
    return { ...ADMIN_STRINGS, ...this.strings };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      // Laid out again on the next frame, not inside this callback: a render that changes the observed size while
      // the browser delivers sizes ends its loop with an error ("ResizeObserver loop completed…").
      if (width > 0 && Math.abs(width - this._width) >= 1) requestAnimationFrame(() => (this._width = width));
    });
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#stopFeed();
    this.#load?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('token')) void this.#authenticate();
    else if (this._status !== 'login' && (changed.has('series') || changed.has('bucket') || changed.has('range') || changed.has('tz'))) {
      void this.#loadStats();
    }
  }

  protected override updated(): void {
    const svg = this.renderRoot.querySelector('svg.chart');
    const result = this._result;
    if (!(svg instanceof SVGSVGElement) || result === undefined || result.buckets.length === 0) return;
    this.#geometry = chartGeometry(result.buckets, { width: this._width - 32, height: this.#chartHeight });
    drawChart(svg, this.#geometry, {
      bucketSize: result.bucket,
      animate: this.#reducedMotion?.matches !== true,
      activeIndex: this._active,
      onHover: (index) => {
        this._active = index;
      },
    });
  }

  get #chartHeight(): number {
    return this._width < 480 ? 240 : 320;
  }

  async #authenticate(): Promise<void> {
    this.#stopFeed();
    const token = this.token !== '' ? this.token : storedToken(TOKEN_SCOPE, this.server);
    if (token === '') {
      this._status = 'login';
      return;
    }
    this._status = 'loading';
    try {
      const me = await fetchMe(this.server, token);
      if (!me.isAdmin) throw new IChatError('forbidden', 'This account is not an administrator');
      this._adminName = me.username;
      this.#startFeed(token);
      await this.#loadStats();
    } catch (error) {
      if (error instanceof IChatError && (error.code === 'unauthorized' || error.code === 'forbidden')) {
        storeToken(TOKEN_SCOPE, this.server, '');
        this._error = error.message;
        this._status = 'login';
      } else {
        this.#fail(error);
      }
    }
  }

  get #activeToken(): string {
    return this.token !== '' ? this.token : storedToken(TOKEN_SCOPE, this.server);
  }

  async #loadStats(): Promise<void> {
    this.#load?.abort();
    const controller = new AbortController();
    this.#load = controller;
    if (this._result === undefined) this._status = 'loading';
    const to = Date.now();
    const from = rangeStart(this.range, to);
    try {
      const result = await fetchStats(
        this.server,
        this.#activeToken,
        { series: this.series, bucket: this.bucket, from, to, tz: this.tz },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      this._result = result;
      this._status = 'ready';
      this._error = '';
      this.dispatchEvent(new CustomEvent('ichat-stats', { detail: result, bubbles: true, composed: true }));
    } catch (error) {
      if (controller.signal.aborted) return;
      this.#fail(error);
    }
  }

  async #loadWebhooks(): Promise<void> {
    this.#load?.abort();
    const controller = new AbortController();
    this.#load = controller;
    try {
      const result = await fetchWebhooks(this.server, this.#activeToken, controller.signal);
      if (controller.signal.aborted) return;
      this._webhooks = result;
      this._status = 'ready';
      this._error = '';
      this.dispatchEvent(new CustomEvent('ichat-webhooks', { detail: result, bubbles: true, composed: true }));
    } catch (error) {
      if (controller.signal.aborted) return;
      this.#fail(error);
    }
  }

  async #loadModeration(): Promise<void> {
    this.#load?.abort();
    const controller = new AbortController();
    this.#load = controller;
    try {
      const result = await fetchModeration(this.server, this.#activeToken, controller.signal);
      if (controller.signal.aborted) return;
      this._moderation = result;
      this._status = 'ready';
      this._error = '';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.#fail(error);
    }
  }

  /** Takes an action, then reloads the queue and the log; a refusal is shown above the queue. */
  async #moderate(body: ModerationActionBody): Promise<void> {
    try {
      const entry = await moderate(this.server, this.#activeToken, body);
      this._moderationError = '';
      this.dispatchEvent(new CustomEvent('ichat-moderation', { detail: entry, bubbles: true, composed: true }));
    } catch (error) {
      this._moderationError = error instanceof Error ? error.message : String(error);
    }
    await this.#loadModeration();
  }

  #showView(view: AdminView): void {
    this._view = view;
    void (view === 'webhooks' ? this.#loadWebhooks() : view === 'moderation' ? this.#loadModeration() : this.#loadStats());
  }

  #fail(error: unknown): void {
    this._error = error instanceof Error ? error.message : String(error);
    this._status = 'error';
  }

  #startFeed(token: string): void {
    this.#feed.start(this.server, token, {
      live: (isLive) => {
        this._live = isLive;
      },
      registered: () => {
        if (this._view === 'stats' && this.series === 'registrations') void this.#loadStats();
      },
      moderation: () => {
        if (this._view === 'moderation') void this.#loadModeration();
      },
    });
  }

  #stopFeed(): void {
    this.#feed.stop();
    this._live = false;
  }

  async #onLogin(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const data = new FormData(form);
    try {
      const field = (name: string): string => {
        const value = data.get(name);
        return typeof value === 'string' ? value : '';
      };
      const result = await loginAdmin(this.server, field('email'), field('password'));
      storeToken(TOKEN_SCOPE, this.server, result.token);
      this._error = '';
      this.dispatchEvent(new CustomEvent('ichat-login', { detail: { user: result.user }, bubbles: true, composed: true }));
      await this.#authenticate();
    } catch (error) {
      this._error = error instanceof Error ? error.message : String(error);
    }
  }

  #onLogout(): void {
    const token = this.#activeToken;
    storeToken(TOKEN_SCOPE, this.server, '');
    this.#stopFeed();
    this._result = undefined;
    this._status = 'login';
    this.token = '';
    void logoutAdmin(this.server, token);
    this.dispatchEvent(new CustomEvent('ichat-logout', { bubbles: true, composed: true }));
  }

  #onChartKey(event: KeyboardEvent): void {
    const count = this._result?.buckets.length ?? 0;
    if (count === 0) return;
    const current = this._active ?? -1;
    const next =
      event.key === 'ArrowRight' ? Math.min(count - 1, current + 1)
      : event.key === 'ArrowLeft' ? Math.max(0, current < 0 ? count - 1 : current - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? count - 1
      : event.key === 'Escape' ? null
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    this._active = next;
  }

  /** Which way the tooltip grows, so it stays inside the chart near either edge. */
  #tooltipSide(x: number): string {
    const ratio = x / Math.max(1, this._width);
    return ratio < 0.3 ? 'grow-end' : ratio > 0.7 ? 'grow-start' : '';
  }

  #renderChart(result: StatsResult): TemplateResult {
    const t = this.#t;
    const active = this._active;
    const bar = active === null ? undefined : this.#geometry?.bars[active];
    const margins = this.#geometry?.margins;
    const description = fill(t.chartDescription, {
      count: t.countAxis[result.series].toLowerCase(),
      bucket: t.buckets[result.bucket].toLowerCase(),
      cumulative: t.cumulativeAxis[result.series].toLowerCase(),
    });
    // The tooltip is placed through its CSSOM style once rendered, not with a style="" attribute (nor styleMap, which
    // writes one on first render): the Content-Security-Policy of the server's pages blocks inline style attributes.
    return html`<svg
        class="chart"
        role="img"
        tabindex="0"
        aria-labelledby="chart-title chart-desc"
        width=${this._width - 32}
        height=${this.#chartHeight}
        @keydown=${(event: KeyboardEvent) => this.#onChartKey(event)}
        @blur=${() => {
          this._active = null;
        }}
      >
        <title id="chart-title">${t.series[result.series]}</title>
        <desc id="chart-desc">${description}</desc>
      </svg>
      ${bar === undefined || margins === undefined || active === null
        ? nothing
        : html`<div
            class="tooltip ${this.#tooltipSide(margins.left + bar.x + bar.width / 2)}"
            ${ref((element) => placeAt(element, margins.left + bar.x + bar.width / 2, margins.top + bar.y - 6))}
          >
            ${tooltipLines(this.#t, this._result, active).map((line, i) => (i === 0 ? html`<strong>${line}</strong>` : html`<div>${line}</div>`))}
          </div>`}
      <div class="visually-hidden" aria-live="polite">${active === null ? '' : tooltipText(this.#t, this._result, active)}</div>`;
  }

  #renderBody(): TemplateResult {
    const t = this.#t;
    const result = this._result;
    if (this._status === 'error') {
      return html`<div class="state" role="alert">
        <p class="error">${this._error}</p>
        <button @click=${() => void this.#authenticate()}>${t.retry}</button>
      </div>`;
    }
    if (this._view === 'moderation') {
      const moderation = this._moderation;
      if (moderation === undefined) return html`<div class="state" role="status">${t.loading}</div>`;
      return moderationView(t, moderation, this._moderationError, {
        act: (body) => void this.#moderate(body),
        refresh: () => void this.#loadModeration(),
      });
    }
    if (this._view === 'webhooks') {
      const webhooks = this._webhooks;
      if (webhooks === undefined) return html`<div class="state" role="status">${t.loading}</div>`;
      return webhooksView(t, webhooks, () => void this.#loadWebhooks());
    }
    if (result === undefined) return html`<div class="state" role="status">${t.loading}</div>`;
    if (result.buckets.every((bucket) => bucket.count === 0)) {
      return html`<div class="state" role="status">${t.empty}</div>`;
    }
    return this._showTable ? statsTable(this.#t, result) : this.#renderChart(result);
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    if (this._status === 'login') {
      const login = loginForm(t, this._error, (event) => void this.#onLogin(event));
      return html`<section class="panel" part="panel">${login}</section>`;
    }
    return html`<section class="panel" part="panel" aria-busy=${this._status === 'loading' ? 'true' : 'false'}>
      <header part="header">
        <h2>${this._view === 'stats' ? t.series[this.series] : t.views[this._view]}</h2>
        ${this._live ? html`<span class="live">${t.live}</span>` : nothing}
        ${this._adminName === '' ? nothing : html`<span class="who">${fill(t.signedInAs, { name: this._adminName })}</span>`}
        <button type="button" @click=${() => this.#onLogout()}>${t.logOut}</button>
      </header>
      <div class="controls" part="controls">
        ${radioGroup('view', t.viewLabel, ADMIN_VIEWS, this._view, t.views, (value) => this.#showView(value))}
      </div>
      ${this._view === 'stats' ? this.#renderStats() : this.#renderBody()}
    </section>`;
  }

  #renderStats(): TemplateResult {
    const t = this.#t;
    return html`<div class="controls" part="controls">
        ${radioGroup('series', t.seriesLabel, STATS_SERIES, this.series, t.series, (value) => {
          this.series = value;
        })}
        ${radioGroup('bucket', t.bucketLabel, STATS_BUCKET_SIZES, this.bucket, t.buckets, (value) => {
          this.bucket = value;
        })}
        ${radioGroup('range', t.rangeLabel, RANGE_PRESETS, this.range, t.ranges, (value) => {
          this.range = value;
        })}
        <button type="button" aria-pressed=${this._showTable ? 'true' : 'false'} @click=${() => {
          this._showTable = !this._showTable;
        }}>${this._showTable ? t.showChart : t.showTable}</button>
      </div>
      ${this._showTable || this._result === undefined
        ? nothing
        : html`<ul class="legend" aria-hidden="true">
            <li><span class="swatch bar-swatch"></span>${t.countAxis[this.series]}</li>
            <li><span class="swatch line-swatch"></span>${t.cumulativeAxis[this.series]}</li>
          </ul>`}
      <div class="chart-area" part="chart">${this.#renderBody()}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ichat-admin': IChatAdmin;
  }
}
