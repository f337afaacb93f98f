// The frame around the views: one or two panes, the floating launcher and panel, the offline banner.

import { css } from 'lit';

export const shellStyles = css`
  .frame {
    position: relative;
    display: flex;
    flex-direction: column;
    block-size: 100%;
    inline-size: 100%;
    overflow: hidden;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .panes {
    flex: 1;
    display: flex;
    min-block-size: 0;
  }
  .pane {
    position: relative;
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
    min-block-size: 0;
  }
  .wide .list-pane {
    flex: 0 0 clamp(280px, 34%, 360px);
    border-inline-end: 1px solid var(--_border);
  }
  .wide .conversation,
  .narrow .list-pane {
    flex: 1;
  }
  .narrow .conversation,
  .narrow.in-room .list-pane {
    display: none;
  }
  .narrow.in-room .conversation {
    display: flex;
    flex: 1;
  }
  :host([mode='floating']) {
    position: fixed;
    inset-block-end: 20px;
    inset-inline-end: 20px;
    z-index: 2147483000;
  }
  .launcher {
    position: relative;
    inline-size: 60px;
    block-size: 60px;
    border-radius: 50%;
    padding: 0;
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_accent-text);
    border: 0;
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.25);
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .launcher-badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-inline-size: 22px;
    block-size: 22px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_danger);
    color: var(--_bg);
    font-size: 0.75rem;
    font-weight: 700;
    line-height: 22px;
    text-align: center;
    border: 2px solid var(--_bg);
  }
  :host([mode='floating']) .frame {
    position: fixed;
    inset-block-end: 92px;
    inset-inline-end: 20px;
    inline-size: min(400px, calc(100vw - 40px));
    block-size: min(640px, calc(100vh - 120px));
    box-shadow: 0 12px 48px rgb(0 0 0 / 0.28);
    border-radius: calc(var(--_radius) * 1.6);
  }
  .panel-bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding-block: 4px;
    padding-inline: calc(var(--_space) * 1.5) 4px;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 650;
  }
  .panel-bar button.icon {
    color: inherit;
    block-size: 36px;
    min-block-size: 36px;
    inline-size: 36px;
  }
  .panel-bar button.icon:hover {
    background: rgb(255 255 255 / 0.15);
  }
  @media (max-width: 480px) {
    :host([mode='floating']) .frame {
      inset-inline: 0;
      inset-block-start: var(--_vvtop, 0);
      inset-block-end: auto;
      inline-size: 100%;
      block-size: var(--_vvh, 100dvh);
      border: 0;
      border-radius: 0;
    }
    :host([mode='floating'][open]) .launcher {
      display: none;
    }
  }

  .banner {
    display: none;
  }
  .banner.on {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: 6px 12px;
    background: #fef3c7;
    color: #713f12;
    font-size: 0.85rem;
  }
  .banner.on button {
    color: #713f12;
    text-decoration: underline;
  }
  .loading {
    margin: auto;
    display: flex;
    align-items: center;
    gap: var(--_space);
    color: var(--_muted);
  }
  .spinner {
    inline-size: 18px;
    block-size: 18px;
    border-radius: 50%;
    border: 2px solid var(--_border);
    border-block-start-color: var(--_accent);
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
    .launcher {
      transition: none;
    }
  }
`;
