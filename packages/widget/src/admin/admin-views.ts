// The dashboard's plain parts as template functions: the login form, a switch group, the table and tooltip text.

import type { StatsResult } from '@ichat/protocol';
import { html, nothing, type TemplateResult } from 'lit';
import { fullLabel } from '../charts/bucket-labels.js';
import type { AdminStrings } from './admin-strings.js';

/** One group of radio buttons shown as a segmented switch. */
export function radioGroup<T extends string>(
  name: string,
  legend: string,
  values: readonly T[],
  current: T,
  labels: Record<T, string>,
  set: (value: T) => void,
): TemplateResult {
  return html`<fieldset>
    <legend>${legend}</legend>
    <div class="segmented">
      ${values.map(
        (value) => html`<label>
          <input type="radio" name=${name} .value=${value} .checked=${value === current} @change=${() => set(value)} />
          <span>${labels[value]}</span>
        </label>`,
      )}
    </div>
  </fieldset>`;
}

export function loginForm(t: AdminStrings, error: string, submit: (event: SubmitEvent) => void): TemplateResult {
  return html`<form part="login" @submit=${submit}>
    <h2>${t.loginTitle}</h2>
    <label>${t.email}<input name="email" type="email" autocomplete="username" required /></label>
    <label>${t.password}<input name="password" type="password" autocomplete="current-password" required /></label>
    ${error === '' ? nothing : html`<p class="error" role="alert">${error}</p>`}
    <button class="primary" type="submit">${t.logIn}</button>
  </form>`;
}

/** The table alternative to the chart: the same numbers, one row per bucket. */
export function statsTable(t: AdminStrings, result: StatsResult): TemplateResult {
  // Focusable so keyboard users can scroll a long table.
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t.series[result.series]}>
    <table part="table">
      <caption>${t.series[result.series]}</caption>
      <thead>
        <tr>
          <th scope="col">${t.period}</th>
          <th scope="col">${t.countAxis[result.series]}</th>
          <th scope="col">${t.cumulativeAxis[result.series]}</th>
        </tr>
      </thead>
      <tbody>
        ${result.buckets.map(
          (bucket) => html`<tr>
            <th scope="row">${fullLabel(result.bucket, bucket.start)}</th>
            <td>${bucket.count.toLocaleString()}</td>
            <td>${bucket.cumulative.toLocaleString()}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A bucket's label, then its count and running total. */
export function tooltipLines(t: AdminStrings, result: StatsResult | undefined, index: number): string[] {
  const bucket = result?.buckets[index];
  if (result === undefined || bucket === undefined) return [];
  return [
    fullLabel(result.bucket, bucket.start),
    `${t.countAxis[result.series]} ${bucket.count.toLocaleString()}`,
    `${t.cumulativeAxis[result.series]} ${bucket.cumulative.toLocaleString()}`,
  ];
}

/** The same as one sentence, for the live region. */
export function tooltipText(t: AdminStrings, result: StatsResult | undefined, index: number): string {
  const [label, count, cumulative] = tooltipLines(t, result, index);
  return label === undefined ? '' : `${label}: ${count}, ${cumulative}`;
}
