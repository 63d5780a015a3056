// Loaded by path (DataConverter.failureConverterPath), so it is plain CommonJS: Temporal `require()`s it in
// the worker and the client. Moves failure messages and stack traces into an encoded payload, which the
// payload codec then encrypts: error messages often echo prompt text.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
