import * as crypto from "crypto";
import * as http from "http";
import { AddressInfo } from "net";

/** One request the stub received. */
export interface StubRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface StubReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * A Container Engine API stand-in on 127.0.0.1: answers each request with the next reply (the
 * last one repeats), records what it was asked, and checks the request is signed the way the OCI
 * API requires (a `Signature` Authorization with the expected keyId).
 */
export async function startOciStub(
  replies: readonly StubReply[],
  expectKeyId?: string,
): Promise<{ url: string; requests: StubRequest[]; close(): Promise<void> }> {
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const auth = String(req.headers.authorization ?? "");
    let reply = replies[Math.min(requests.length - 1, replies.length - 1)];
    if (
      !auth.startsWith('Signature version="1"') ||
      (expectKeyId && !auth.includes(`keyId="${expectKeyId}"`))
    )
      reply = {
        status: 401,
        body: {
          code: "NotAuthenticated",
          message: "The required information to complete authentication was not provided.",
        },
      };
    res.writeHead(reply.status, {
      "content-type": "application/json",
      "opc-request-id": `stub-${requests.length}`,
      ...(reply.headers ?? {}),
    });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An API key as `oci setup keys` makes one: a PEM private key and its fingerprint. */
export function apiKey(): { privateKey: string; fingerprint: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "der" },
  });
  const md5 = crypto.createHash("md5").update(publicKey).digest("hex");
  return { privateKey, fingerprint: md5.match(/../g)!.join(":") };
}
