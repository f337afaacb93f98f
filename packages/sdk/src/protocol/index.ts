// `@ichat/sdk/protocol`: the wire protocol for the SDK's users, re-exported whole from @ichat/protocol.

export * from '@ichat/protocol';
