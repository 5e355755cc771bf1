import { expect, test } from "vitest";
import { formToObject } from "./forms";

test("formToObject builds nested lists from dotted names and skips Next.js fields", () => {
  const form = new FormData();
  form.append("$ACTION_ID_abc", "");
  form.append("name", "Invoice pipeline");
  form.append("links.0.label", "Dashboard");
  form.append("links.0.url", "https://grafana.example.com");
  form.append("links.2.label", "Logs");
  form.append("links.2.url", "https://logs.example.com");
  form.append("alertNames[]", "A");
  form.append("alertNames[]", "B");
  expect(formToObject(form)).toEqual({
    name: "Invoice pipeline",
    links: [
      { label: "Dashboard", url: "https://grafana.example.com" },
      { label: "Logs", url: "https://logs.example.com" },
    ],
    alertNames: ["A", "B"],
  });
});
