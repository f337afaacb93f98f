// Avatars: the picture over the initials, the colour tones and the presence dot.

import { css } from 'lit';

export const avatarStyles = css`
  .avatar {
    position: relative;
    flex: none;
    display: grid;
    place-items: center;
    inline-size: 42px;
    block-size: 42px;
    border-radius: 50%;
    --_hue: 220;
    background: hsl(var(--_hue) 70% 88%);
    color: hsl(var(--_hue) 60% 22%);
    font-weight: 700;
    font-size: 0.85rem;
  }
  /* Sized here, not by the picture: any size of image fills the circle without moving the layout. */
  .avatar .picture {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    border-radius: 50%;
    object-fit: cover;
  }
  .tone-1 {
    --_hue: 0;
  }
  .tone-2 {
    --_hue: 30;
  }
  .tone-3 {
    --_hue: 55;
  }
  .tone-4 {
    --_hue: 130;
  }
  .tone-5 {
    --_hue: 175;
  }
  .tone-6 {
    --_hue: 265;
  }
  .tone-7 {
    --_hue: 310;
  }
  .bar .avatar {
    inline-size: 36px;
    block-size: 36px;
    font-size: 0.8rem;
  }
  .presence {
    position: absolute;
    inset-block-end: 0;
    inset-inline-end: 0;
    inline-size: 12px;
    block-size: 12px;
    border-radius: 50%;
    background: #16a34a;
    border: 2px solid var(--_bg);
  }
`;
