// The printable book: a title page, then one page per story page, in the book type's layout (page size, font,
// accent colour, ornament). Books not yet paid for carry a PREVIEW mark on every page. The document is a stream.
import PDFDocument from 'pdfkit';
import type { BookLayout, StoryPage } from '../db.js';
import { toWinAnsi } from './win-ansi.js';

export interface PrintableBook {
  title: string;
  /** Under the title: the summary, or "A story for <name>". */
  subtitle: string;
  typeName: string;
  pages: StoryPage[];
  layout: BookLayout;
  /** Not paid for yet: every page is marked PREVIEW. */
  preview: boolean;
  createdAt: Date;
}

const BOLD: Record<BookLayout['font'], string> = { 'Times-Roman': 'Times-Bold', Helvetica: 'Helvetica-Bold', Courier: 'Courier-Bold' };
const ITALIC: Record<BookLayout['font'], string> = { 'Times-Roman': 'Times-Italic', Helvetica: 'Helvetica-Oblique', Courier: 'Courier-Oblique' };

type Doc = PDFKit.PDFDocument;

function ornament(doc: Doc, kind: BookLayout['ornament'], cx: number, cy: number, color: string): void {
  if (kind === 'none') return;
  doc.save().fillColor(color);
  for (const dx of [-24, 0, 24]) {
    const x = cx + dx;
    const r = dx === 0 ? 6 : 4;
    if (kind === 'stars') {
      const points: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? r : r / 2.5;
        points.push([x + rr * Math.cos(a), cy + rr * Math.sin(a)]);
      }
      doc.polygon(...points).fill();
    } else if (kind === 'hearts') {
      doc.circle(x - r / 2, cy - r / 4, r / 2).fill();
      doc.circle(x + r / 2, cy - r / 4, r / 2).fill();
      doc.polygon([x - r, cy - r / 8], [x + r, cy - r / 8], [x, cy + r]).fill();
    } else if (kind === 'leaves') {
      doc.ellipse(x, cy, r, r / 2.2).fill();
    } else {
      doc.circle(x, cy + r / 3, r / 1.8).fill();
      for (const [px, py] of [
        [-r / 1.4, -r / 2],
        [0, -r / 1.1],
        [r / 1.4, -r / 2],
      ] as const)
        doc.circle(x + px, cy + py, r / 4).fill();
    }
  }
  doc.restore();
}

function previewMark(doc: Doc, font: string): void {
  const { width, height } = doc.page;
  const margins = { ...doc.page.margins };
  doc.page.margins.bottom = 0;
  doc
    .save()
    .rotate(-35, { origin: [width / 2, height / 2] })
    .font(font)
    .fontSize(Math.round(width / 7))
    .fillColor('#b0b0b0')
    .fillOpacity(0.35)
    .text('PREVIEW', 0, height / 2 - width / 14, { width, align: 'center', lineBreak: false });
  doc.restore();
  doc.page.margins.bottom = margins.bottom;
  doc.x = margins.left;
  doc.y = margins.top;
}

/** Writes near the page's bottom edge without pdfkit starting a new page for it. */
function inFooter(doc: Doc, write: () => void): void {
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  write();
  doc.page.margins.bottom = bottom;
}

/** The largest size (from `start` down to 7 pt) at which `text` fits the box; the text is clipped only past that. */
function fitSize(doc: Doc, text: string, width: number, height: number, start: number): number {
  for (let size = start; size > 7; size -= 0.5) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width, lineGap: size * 0.35 }) <= height) return size;
  }
  return 7;
}

export function renderBookPdf(book: PrintableBook): Doc {
  const { layout } = book;
  const regular = layout.font;
  const doc = new PDFDocument({
    size: layout.page_size,
    margin: 56,
    autoFirstPage: false,
    info: { Title: toWinAnsi(book.title), Author: "Sal's Memory Maker", Subject: toWinAnsi(book.typeName), CreationDate: book.createdAt },
  });
  const accent = layout.accent_color;

  // Title page.
  doc.addPage();
  const w = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const top = doc.page.margins.top;
  const h = doc.page.height - top - doc.page.margins.bottom;
  if (book.preview) previewMark(doc, BOLD[regular]);
  ornament(doc, layout.ornament, doc.page.width / 2, top + h * 0.25, accent);
  const title = toWinAnsi(book.title);
  doc.font(BOLD[regular]);
  const titleSize = fitSize(doc, title, w, h * 0.3, 30);
  doc
    .fillColor(accent)
    .fontSize(titleSize)
    .text(title, doc.page.margins.left, top + h * 0.32, { width: w, align: 'center', height: h * 0.3, ellipsis: true });
  doc
    .moveDown(1)
    .font(ITALIC[regular])
    .fontSize(13)
    .fillColor('#333333')
    .text(toWinAnsi(book.subtitle), { width: w, align: 'center', height: h * 0.2, ellipsis: true });
  inFooter(doc, () =>
    doc
      .font(regular)
      .fontSize(10)
      .fillColor('#666666')
      .text(toWinAnsi(`${book.typeName} · Sal's Memory Maker`), doc.page.margins.left, top + h - 14, { width: w, align: 'center', lineBreak: false }),
  );

  // One page per story page.
  for (const page of book.pages) {
    doc.addPage();
    if (book.preview) previewMark(doc, BOLD[regular]);
    const text = toWinAnsi(page.text);
    const boxTop = top + 24;
    const boxHeight = h - 24 - 36;
    doc.font(regular);
    const size = fitSize(doc, text, w, boxHeight, 15);
    doc
      .fillColor('#1a1a1a')
      .fontSize(size)
      .text(text, doc.page.margins.left, boxTop, { width: w, height: boxHeight, lineGap: size * 0.35, ellipsis: true, align: 'left' });
    ornament(doc, layout.ornament, doc.page.width / 2, top + h - 24, accent);
    inFooter(doc, () =>
      doc
        .font(regular)
        .fontSize(9)
        .fillColor('#777777')
        .text(String(page.number), doc.page.margins.left, top + h - 10, { width: w, align: 'center', lineBreak: false }),
    );
  }
  doc.end();
  return doc;
}
