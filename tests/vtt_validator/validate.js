// Parse WebVTT files with the W3C reference parser (npm webvtt-parser) and print, as JSON, the
// number of errors and cues per file: {"files": [{"path", "errors", "messages", "cues"}]}.
"use strict";
const fs = require("fs");
const { WebVTTParser } = require("webvtt-parser");

const parser = new WebVTTParser();
const files = process.argv.slice(2).map((path) => {
  const tree = parser.parse(fs.readFileSync(path, "utf8"), "subtitles/captions");
  return {
    path,
    errors: tree.errors.length,
    messages: tree.errors.map((e) => `line ${e.line}: ${e.message}`),
    cues: tree.cues.length,
    texts: tree.cues.map((c) => c.text),
  };
});
process.stdout.write(JSON.stringify({ files }) + "\n");
