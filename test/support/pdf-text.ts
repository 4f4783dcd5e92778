import { execFile } from 'node:child_process';

/**
 * The text of a PDF, extracted by pdf-parse in a plain `node` child process: pdf-parse is an ES
 * module that does not load inside jest. The PDF goes in on stdin, the text comes out on stdout.
 */
export function pdfText(pdf: Buffer): Promise<string> {
  const script = [
    "const { PDFParse } = require('pdf-parse');",
    'const chunks = [];',
    "process.stdin.on('data', (c) => chunks.push(c));",
    "process.stdin.on('end', async () => {",
    '  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });',
    '  const result = await parser.getText();',
    '  process.stdout.write(result.text);',
    '  await parser.destroy();',
    '});',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: process.cwd(), maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`pdf-parse failed: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(pdf);
  });
}
