import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CaseAlert } from '../../../../core/pipeline/alerts/alert-message.ts';
import { signDingtalkUrl } from '../../../../core/pipeline/alerts/dingtalk-sign.ts';
import { buildWebhookRequest } from '../../../../core/pipeline/alerts/webhook-request.ts';

const NOW = new Date('2025-06-10T02:00:00.000Z'); // epoch ms 1749520800000
const alert: CaseAlert = {
  caseId: 'case-42', reason: 'opened', class: 'oil_spill', severity: 'critical', violation: '管道保护范围内油污泄漏',
  district: '东营区', zones: ['胜利化工园区', '东营输油管道保护范围'], enterprise: '某石化有限公司',
  lat: 37.4512346, lon: 118.5098765, capturedAt: '2025-06-10T01:30:00Z',
  photoUrl: 'https://patrol.example.cn/api/v1/images/img-7/annotated', caseUrl: 'https://patrol.example.cn/#/cases/case-42',
};

// DingTalk's own sample (Python 3, from its custom-robot docs): HMAC-SHA256 keyed by the secret over
// "timestamp\nsecret", base64, then urllib.parse.quote_plus. A second implementation, outside Node.
function dingtalkByPython(url: string, secrets: string[], ts: number): string[] {
  const py = `
import sys, hmac, hashlib, base64, urllib.parse
url, ts = sys.argv[1], sys.argv[2]
for secret in sys.argv[3:]:
    code = hmac.new(secret.encode('utf-8'), '{}\\n{}'.format(ts, secret).encode('utf-8'), digestmod=hashlib.sha256).digest()
    print(url + '&timestamp=' + ts + '&sign=' + urllib.parse.quote_plus(base64.b64encode(code)))`;
  return execFileSync('python3', ['-c', py, url, String(ts), ...secrets]).toString().trimEnd().split('\n');
}

describe('DingTalk signing', () => {
  const base = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';
  const secrets = ['SEC0123456789abcdef', 'SECzz', 'SEC东营', 'SECa+b/c=d', 'SEC9f1e3c7a5b'];
  it("matches DingTalk's Python sample for several secrets", () => {
    const ours = secrets.map((s) => signDingtalkUrl(base, s, NOW));
    expect(ours).toEqual(dingtalkByPython(base, secrets, NOW.getTime()));
    // base64 '+', '/' and '=' must arrive percent-encoded; make sure these vectors exercise that
    expect(ours.join()).toMatch(/%2B|%2F/);
    expect(ours.every((u) => u.endsWith('%3D'))).toBe(true);
  });
  it('puts the timestamp in epoch milliseconds and starts a query when the URL has none', () => {
    expect(signDingtalkUrl('https://example.cn/robot', 'SECx', NOW)).toMatch(/^https:\/\/example\.cn\/robot\?timestamp=1749520800000&sign=[A-Za-z0-9%]+$/);
  });
});

describe('buildWebhookRequest', () => {
  const text =
    '### 【严重】油污泄漏 · 东营区\n\n' +
    '- **隐患**：油污泄漏 (oil_spill)\n' +
    '- **级别**：严重\n' +
    '- **事件**：新发现\n' +
    '- **违规类型**：管道保护范围内油污泄漏\n' +
    '- **位置**：东营区 · 胜利化工园区、东营输油管道保护范围\n' +
    '- **企业**：某石化有限公司\n' +
    '- **坐标**：37.451235, 118.509877 (WGS84)\n' +
    '- **拍摄时间**：2025-06-10 09:30 (北京时间)\n' +
    '- **案件编号**：case-42\n\n' +
    '[查看照片](https://patrol.example.cn/api/v1/images/img-7/annotated)\n' +
    '[打开案件](https://patrol.example.cn/#/cases/case-42)';

  it('DingTalk: markdown with title and text, URL signed when a secret is set', () => {
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';
    const req = buildWebhookRequest({ url, format: 'dingtalk', secret: 'SEC0123456789abcdef' }, alert, NOW);
    expect(JSON.parse(req.body)).toEqual({ msgtype: 'markdown', markdown: { title: '【严重】油污泄漏 · 东营区', text } });
    expect(req.url).toBe(dingtalkByPython(url, ['SEC0123456789abcdef'], NOW.getTime())[0]);
    expect(req.headers).toEqual({ 'Content-Type': 'application/json; charset=utf-8' });
    expect(buildWebhookRequest({ url, format: 'dingtalk', secret: null }, alert, NOW).url).toBe(url);
  });

  it('WeCom: markdown content, never signed', () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1';
    const req = buildWebhookRequest({ url, format: 'wecom', secret: 'ignored' }, { ...alert, reason: 'reopened', severity: 'medium', zones: [] }, NOW);
    expect(req.url).toBe(url);
    expect(req.headers['X-Signature']).toBeUndefined();
    expect(JSON.parse(req.body)).toEqual({
      msgtype: 'markdown',
      markdown: {
        content:
          '### <font color="comment">[复发] 【中】油污泄漏 · 东营区</font>\n' +
          '> 隐患：油污泄漏 (oil_spill)\n> 级别：中\n> 事件：复发\n> 违规类型：管道保护范围内油污泄漏\n> 位置：东营区\n> 企业：某石化有限公司\n' +
          '> 坐标：37.451235, 118.509877 (WGS84)\n> 拍摄时间：2025-06-10 09:30 (北京时间)\n> 案件编号：case-42\n' +
          '[查看照片](https://patrol.example.cn/api/v1/images/img-7/annotated)\n[打开案件](https://patrol.example.cn/#/cases/case-42)',
      },
    });
  });

  it('generic JSON: the alert data, and X-Signature = sha256=<HMAC of the body> (checked with openssl)', () => {
    const req = buildWebhookRequest({ url: 'https://hooks.example.cn/in', format: 'json', secret: 's3cret' }, alert, NOW);
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ type: 'case.alert', sentAt: '2025-06-10T02:00:00.000Z', title: '【严重】油污泄漏 · 东营区', text });
    expect(body.alert).toMatchObject({ caseId: 'case-42', class: 'oil_spill', classLabel: '油污泄漏', severity: 'critical', lat: 37.4512346, lon: 118.5098765 });
    const hex = execFileSync('openssl', ['dgst', '-sha256', '-hmac', 's3cret', '-r'], { input: Buffer.from(req.body, 'utf8') }).toString().split(' ')[0];
    expect(req.headers['X-Signature']).toBe(`sha256=${hex}`);
  });

  it('names the case by its number where it has one (the id stays in the data for programs)', () => {
    for (const format of ['dingtalk', 'wecom', 'json'] as const) {
      const req = buildWebhookRequest({ url: 'https://hooks.example.cn/in', format }, { ...alert, caseNo: 'DY-2025-000042' }, NOW);
      expect(req.body).toContain('案件编号');
      expect(req.body).toMatch(/案件编号\*{0,2}：DY-2025-000042/);
      expect(req.body).not.toMatch(/案件编号\*{0,2}：case-42/);
    }
    const json = JSON.parse(buildWebhookRequest({ url: 'https://hooks.example.cn/in', format: 'json' }, { ...alert, caseNo: 'DY-2025-000042' }, NOW).body);
    expect(json.alert).toMatchObject({ caseId: 'case-42', caseNo: 'DY-2025-000042' });
  });

  it('generic JSON without a secret has no signature header', () => {
    const req = buildWebhookRequest({ url: 'http://10.0.0.5:8080/hook', format: 'json' }, alert, NOW);
    expect(Object.keys(req.headers)).toEqual(['Content-Type']);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => buildWebhookRequest({ url: 'not a url', format: 'json' }, alert, NOW)).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => buildWebhookRequest({ url: 'file:///etc/passwd', format: 'json' }, alert, NOW)).toThrow(/http/);
  });

  it('drops unsafe links, flattens names with line breaks, caps the zone list and shows unknown classes as themselves', () => {
    const zones = ['a\n- **伪造**：x', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const req = buildWebhookRequest(
      { url: 'https://oapi.dingtalk.com/robot/send?access_token=t', format: 'dingtalk' },
      { ...alert, class: 'gas_leak', severity: 'high', photoUrl: 'javascript:alert(1)', caseUrl: 'https://x.cn/a (b)', zones, lat: null, lon: null, capturedAt: null },
      NOW,
    );
    const t = JSON.parse(req.body).markdown.text as string;
    expect(t).toContain('- **隐患**：gas_leak (gas_leak)\n');
    expect(t).toContain('- **位置**：东营区 · a - **伪造**：x、b、c、d、e、f、g、h 等10处\n');
    expect(t).not.toContain('javascript');
    expect(t).not.toContain('坐标');
    expect(t.endsWith('[打开案件](https://x.cn/a%20%28b%29)')).toBe(true);
  });
});
