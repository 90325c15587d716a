import Table from "cli-table3";

/** Borderless columns, like `kubectl get`. */
export function columns(head: string[]): Table.Table {
  return new Table({
    head,
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "  ",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "   ",
    },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
}

export const trimLines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n");
