import { expect, test } from "vitest";
import { parseCrontab } from "graphile-worker";
import { crontab, taskList } from "./tasks";

test("the schedule parses, and names only tasks the runner knows", () => {
  const items = parseCrontab(crontab);
  expect(items.map((item) => item.task)).toEqual(["notify:digest"]);
  for (const item of items) expect(taskList[item.task]).toBeTypeOf("function");
});
