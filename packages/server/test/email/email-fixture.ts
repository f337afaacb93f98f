// A test server that sends e-mail to a real SMTP server started beside it, for the e-mail suites.

import { afterAll, afterEach, beforeAll } from 'vitest';
import { Mailbox } from '@ichat/test-kit/mailbox';
import { TestServer, type Flags } from '../support/test-server.js';

/** The secret the e-mail suites' servers sign with, so a test can make its own (expired, forged) unsubscribe tokens. */
export const EMAIL_TEST_SECRET = 'an e-mail test secret of at least thirty-two characters';

/** Flags that send e-mail to `mailbox`, from a fixed address, with quick retries. */
export function emailFlags(mailbox: Mailbox, flags: Flags = {}): Flags {
  return {
    'smtp-url': mailbox.url,
    'email-from': 'iChat <chat@example.test>',
    secret: EMAIL_TEST_SECRET,
    'email-retry-base-ms': '100',
    'email-retry-max-ms': '300',
    ...flags,
  };
}

/** A mailbox and a server that e-mails it, shared by the tests of a file. */
export function useEmailServer(flags: Flags = {}): { readonly server: TestServer; readonly mailbox: Mailbox } {
  const mailbox = new Mailbox();
  let server: TestServer | undefined;
  beforeAll(async () => {
    await mailbox.start();
    server = await TestServer.start(emailFlags(mailbox, flags));
  });
  afterEach(async () => {
    await server?.closeClients();
  });
  afterAll(async () => {
    await server?.dispose();
    await mailbox.stop();
  });
  return {
    get server(): TestServer {
      if (server === undefined) throw new Error('The test server is not started yet');
      return server;
    },
    mailbox,
  };
}
