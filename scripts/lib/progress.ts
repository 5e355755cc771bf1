import { SingleBar } from "cli-progress";

// A progress bar on stderr for the command-line tools (cli-progress): shown on a terminal,
// or anywhere with --progress; one bar, relabelled as the work moves from step to step.

export type Progress = { step: (label: string, total: number) => void; update: (done: number, total?: number) => void; stop: () => void };

export function progressBar(show: boolean): Progress {
  if (!show) return { step: () => {}, update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: "{label} [{bar}] {value}/{total}",
    barsize: 30,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 1_000,
    stream: process.stderr,
  });
  let started = false;
  return {
    step(label, total) {
      if (started) bar.stop();
      bar.start(total, 0, { label: label.padEnd(9) });
      started = true;
    },
    update(done, total) {
      if (total !== undefined) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
