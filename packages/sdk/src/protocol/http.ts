// Shapes of the HTTP API's JSON bodies.

import type { Me } from './models.js';

/** `POST /api/v1/auth/register` body. */
export interface RegisterBody {
  email: string;
  username: string;
  password: string;
}

/** `POST /api/v1/auth/login` body. */
export interface LoginBody {
  email: string;
  password: string;
}

/** What register and login answer: the user and a bearer token for HTTP and the socket's `auth` frame. */
export interface AuthResult {
  user: Me;
  token: string;
  /** When the token stops working, in ms since the epoch. */
  expiresAt: number;
}

/** `GET /api/v1/me` answer. */
export interface MeResult {
  user: Me;
}
