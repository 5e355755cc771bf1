import { expect, test } from "./fixtures";

// What a browser asks for by name, without signing in: the favicon and app icons, the web
// app manifest (so the portal can be pinned to a phone's home screen), and robots.txt.

test.use({ storageState: { cookies: [], origins: [] } });

test("icons, the web app manifest and robots.txt are served to anyone; robots.txt disallows everything", async ({ page, request }) => {
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/);

  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as { name: string; start_url: string; display: string; icons: { src: string; type: string }[] };
  expect(body).toMatchObject({ name: "Runbook Portal", start_url: "/", display: "standalone" });
  for (const icon of body.icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()["content-type"], icon.src).toContain(icon.type);
  }
  for (const path of ["/favicon.ico", "/apple-touch-icon.png"]) expect((await request.get(path)).status(), path).toBe(200);

  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
});
