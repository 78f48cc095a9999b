import { gzipSync } from 'node:zlib';

/** The few GitHub REST calls the Action makes: a pull request's comments, and a SARIF upload. */
export class GitHub {
  constructor(
    private readonly api: string,
    private readonly repository: string,
    private readonly token: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** Every comment of an issue or pull request, a page of 100 at a time. */
  async comments(issue: number): Promise<{ id: number; body?: string; html_url?: string }[]> {
    const all: { id: number; body?: string; html_url?: string }[] = [];
    for (let page = 1; ; page++) {
      const batch = (await this.call(
        'GET',
        `/repos/${this.repository}/issues/${issue}/comments?per_page=100&page=${page}`,
      )) as {
        id: number;
        body?: string;
      }[];
      all.push(...batch);
      if (batch.length < 100) return all;
    }
  }

  async createComment(issue: number, body: string): Promise<{ id: number; html_url?: string }> {
    return (await this.call('POST', `/repos/${this.repository}/issues/${issue}/comments`, { body })) as { id: number };
  }

  async updateComment(id: number, body: string): Promise<{ id: number; html_url?: string }> {
    return (await this.call('PATCH', `/repos/${this.repository}/issues/comments/${id}`, { body })) as { id: number };
  }

  /** Code scanning takes SARIF gzipped and base64-encoded, for a commit and the ref it was analysed on. */
  async uploadSarif(sarif: string, commitSha: string, ref: string): Promise<{ id?: string; url?: string }> {
    return (await this.call('POST', `/repos/${this.repository}/code-scanning/sarifs`, {
      commit_sha: commitSha,
      ref,
      sarif: gzipSync(Buffer.from(sarif, 'utf8')).toString('base64'),
      tool_name: 'inference-cost',
    })) as { id?: string; url?: string };
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await this.fetchFn(`${this.api}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'inference-cost-action',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : {};
  }
}
