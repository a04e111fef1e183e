//! Alignment of two versions: sibling divisions, then the alinéas of a
//! division. Both work the same way: what is identical on both sides
//! anchors the alignment (a patience diff of exact keys), and between two
//! anchors an order-preserving dynamic programme pairs what is most alike —
//! for divisions by stable id, label, title and words, for alinéas by their
//! words. Gaps too large for the programme (unrelated texts, hostile
//! inputs) fall back to pairing by label or to plain deletion and
//! insertion, so the cost stays near-linear.

use super::{alinea_text, words_of};
use crate::model::{inline_text, Alinea, AlineaKind, Division};
use crate::sequence_diff::{anchored as anchored_diff, Tag};
use similar::Algorithm;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

/// One step of a division alignment, in the order of the merged text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Pair(usize, usize),
    Del(usize),
    Ins(usize),
}

/// One step of an alinéa alignment, in the order of the merged text. A
/// deletion followed by an insertion is a replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AlineaStep {
    Same(usize, usize),
    Changed(usize, usize),
    Deleted(usize),
    Inserted(usize),
}

/// The largest gap (old × new candidates) the pairing programme runs on;
/// past it, a cheaper rule keeps the whole comparison near-linear.
const DIVISION_GAP: usize = 40_000;
const ALINEA_GAP: usize = 10_000;
/// Words of a division (with its subdivisions) looked at for similarity.
const CONTENT_WORDS: usize = 4_000;

fn hash<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// Bags of word shingles, sorted: single words, and pairs of words. Two
/// unrelated paragraphs share many single words (« la », « de ») but few
/// pairs, so pairs judge texts long enough to have them.
#[derive(Default)]
struct Bags {
    words: Vec<u64>,
    pairs: Vec<u64>,
}

impl Bags {
    fn of(words: &[&str]) -> Bags {
        // Each word hashed as it reads in lower case, with no string made
        // for it; a pair of words is the pair of their hashes. A fast,
        // unkeyed hash is enough here: two words that collide only move a
        // similarity score (the exact keys that decide « unchanged » keep
        // the standard hasher).
        let word = |w: &str| {
            let mut h = rustc_hash::FxHasher::default();
            for c in w.chars().flat_map(char::to_lowercase) {
                h.write_u32(c as u32);
            }
            h.finish()
        };
        let mut words: Vec<u64> = words.iter().map(|w| word(w)).collect();
        let mut pairs: Vec<u64> =
            words.windows(2).map(|p| p[0].rotate_left(29) ^ p[1].wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        words.sort_unstable();
        pairs.sort_unstable();
        Bags { words, pairs }
    }

    /// Words in common (0..1); two texts with no words have none in common
    /// (nothing says they are the same).
    fn similarity(&self, other: &Bags) -> f64 {
        if self.words.is_empty() || other.words.is_empty() {
            0.0
        } else if self.words.len().min(other.words.len()) < 8 {
            dice(&self.words, &other.words)
        } else {
            dice(&self.pairs, &other.pairs)
        }
    }
}

/// Dice coefficient of two sorted multisets (1: the same).
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// What the aligner knows of a division. The bags of words are made only
/// for the divisions of a gap: most divisions are anchored by their exact
/// key, and tokenizing every division's text (with its subdivisions') made
/// the comparison of two identical texts cost ten times the rest.
struct Sig<'a> {
    div: &'a Division,
    title: String,
    title_bag: std::cell::OnceCell<Bags>,
    content: std::cell::OnceCell<Bags>,
    exact: u64,
}

fn normal_title(d: &Division) -> String {
    let t = inline_text(&d.title).to_lowercase();
    t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn deep_text(d: &Division, out: &mut String, budget: &mut usize) {
    for a in &d.alineas {
        if *budget == 0 {
            return;
        }
        let t = alinea_text(a);
        *budget = budget.saturating_sub(t.split_whitespace().count());
        out.push_str(&t);
        out.push('\n');
    }
    for c in &d.children {
        if *budget == 0 {
            return;
        }
        out.push_str(&crate::model::inline_text(&super::heading_inlines(c)));
        out.push('\n');
        deep_text(c, out, budget);
    }
}

/// A hash of everything a division says — label, title, the text of its
/// alinéas, its subdivisions' headings and text — without building that
/// text: two divisions with the same hash are the same division, unchanged.
fn deep_hash(d: &Division, h: &mut DefaultHasher) {
    let text = |v: &[crate::model::Inline], h: &mut DefaultHasher| {
        for i in v {
            match i {
                crate::model::Inline::Text { text, .. } => h.write(text.as_bytes()),
                crate::model::Inline::Break => h.write_u8(b'\n'),
                crate::model::Inline::Change { inlines, .. } => h.write(crate::model::inline_text(inlines).as_bytes()),
            }
        }
        h.write_u8(0xff);
    };
    for a in &d.alineas {
        match &a.kind {
            AlineaKind::Table { .. } => a.text().hash(h),
            _ => text(&a.inlines, h),
        }
    }
    for c in &d.children {
        text(&super::heading_inlines(c), h);
        deep_hash(c, h);
    }
}

impl<'a> Sig<'a> {
    fn of(div: &'a Division) -> Sig<'a> {
        let title = normal_title(div);
        let mut h = DefaultHasher::new();
        (div.label.as_deref(), &title).hash(&mut h);
        deep_hash(div, &mut h);
        Sig { div, title, title_bag: Default::default(), content: Default::default(), exact: h.finish() }
    }

    fn content(&self) -> &Bags {
        self.content.get_or_init(|| {
            let mut text = String::new();
            deep_text(self.div, &mut text, &mut CONTENT_WORDS.clone());
            Bags::of(&words_of(&text))
        })
    }

    fn title_bag(&self) -> &Bags {
        self.title_bag.get_or_init(|| Bags::of(&self.title.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>()))
    }

    /// How well two divisions pair, or `None` when nothing says they are
    /// the same division: words in common, or the same title, label or id.
    fn score(&self, other: &Sig) -> Option<f64> {
        let content = self.content().similarity(other.content());
        let title_eq = !self.title.is_empty() && self.title == other.title;
        let title_sim = if self.title.is_empty() && other.title.is_empty() {
            0.0
        } else {
            self.title_bag().similarity(other.title_bag())
        };
        // « Article 1 – » before a title and « Article 1 » without are one number.
        let number = |d: &Division| d.label.as_deref().map(crate::numbering::label_number);
        let label_eq = self.div.label.is_some() && number(self.div) == number(other.div);
        let id_eq = self.div.id == other.div.id;
        // The same number (or id) is the same division, however rewritten; a
        // numbered division takes another number only with its words; an
        // unnumbered one (a préambule, a rubrique) is known by its title too.
        let both_numbered = self.div.label.is_some() && other.div.label.is_some();
        let acceptable = label_eq || id_eq || content >= 0.5 || (!both_numbered && (title_eq || title_sim >= 0.6));
        if !acceptable {
            return None;
        }
        // The words weigh most when there are enough of them (a renumbered
        // article is where its words are), then the number and the id (an
        // inserted « 1 bis » does not take article 2's place for sharing a
        // title or a short sentence with it), then the title.
        let words = self.content().words.len().min(other.content().words.len());
        let weight = (words as f64 / 20.0).min(1.0);
        let flag = |b: bool, w: f64| if b { w } else { 0.0 };
        Some(
            3.0 * content * weight
                + 0.5 * title_sim
                + flag(label_eq, 1.5)
                + flag(id_eq, 0.5)
                + flag(title_eq, 0.5)
                + 0.01,
        )
    }
}

/// Aligns two lists of sibling divisions.
pub(crate) fn align_divisions(old: &[Division], new: &[Division]) -> Vec<Step> {
    let os: Vec<Sig> = old.iter().map(Sig::of).collect();
    let ns: Vec<Sig> = new.iter().map(Sig::of).collect();
    let ok: Vec<u64> = os.iter().map(|s| s.exact).collect();
    let nk: Vec<u64> = ns.iter().map(|s| s.exact).collect();
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    // First the divisions that kept their stable id, number and title: the
    // same article, changed inside or not (ids are unique in a document,
    // so these anchors are never ambiguous, where identical texts — two
    // annexes' « Durée » — could be paired with the wrong twin). Then,
    // between them, the divisions whose whole text is unchanged; then the
    // weighing.
    let heading = |s: &Sig, side: u8, k: usize| {
        if s.title.is_empty() {
            // An untitled article is known by its words, not its number: an
            // insertion renumbers the ones after it.
            hash(&(side, k))
        } else {
            hash(&(&s.div.id, s.div.label.as_deref(), &s.title))
        }
    };
    let ho: Vec<u64> = os.iter().enumerate().map(|(i, s)| heading(s, 0, i)).collect();
    let hn: Vec<u64> = ns.iter().enumerate().map(|(j, s)| heading(s, 1, j)).collect();
    anchored(&ho, &hn, (0, 0), &mut out, |o, n, out| {
        anchored(&ok[o.clone()], &nk[n.clone()], (o.start, n.start), out, |o, n, out| weigh(&os, &ns, o, n, out));
    });
    out
}

/// The divisions of a gap paired by what they say: their words, number,
/// id and title.
fn weigh(os: &[Sig], ns: &[Sig], o: std::ops::Range<usize>, n: std::ops::Range<usize>, out: &mut Vec<Step>) {
    if o.clone().map(|i| &os[i].div.id).eq(n.clone().map(|j| &ns[j].div.id)) {
        // The same divisions by their stable ids, in the same order, each
        // changed inside: pairs, and nothing to weigh.
        out.extend(o.zip(n).map(|(i, j)| Step::Pair(i, j)));
    } else if o.len() * n.len() <= DIVISION_GAP {
        pair_gap(o, n, |i, j| os[i].score(&ns[j]), out);
    } else {
        // Too many candidates for the programme (thousands of untitled
        // articles renumbered by an insertion): first the divisions whose
        // text is unchanged whatever their number, then each gap between
        // them weighed, or paired by label when still too large.
        let words = |s: &Sig| {
            let mut h = DefaultHasher::new();
            deep_hash(s.div, &mut h);
            h.finish()
        };
        let wo: Vec<u64> = o.clone().map(|i| words(&os[i])).collect();
        let wn: Vec<u64> = n.clone().map(|j| words(&ns[j])).collect();
        anchored(&wo, &wn, (o.start, n.start), out, |o, n, out| {
            if o.len() * n.len() <= DIVISION_GAP {
                pair_gap(o, n, |i, j| os[i].score(&ns[j]), out);
            } else {
                by_label(os, ns, o, n, out);
            }
        });
    }
}

/// Pairs the divisions of a large gap by label (or id) in order, the rest
/// deleted and inserted.
fn by_label(os: &[Sig], ns: &[Sig], o: std::ops::Range<usize>, n: std::ops::Range<usize>, out: &mut Vec<Step>) {
    let key = |s: &Sig| s.div.label.clone().unwrap_or_else(|| format!("#{}", s.div.id));
    let lo: Vec<String> = o.clone().map(|i| key(&os[i])).collect();
    let ln: Vec<String> = n.clone().map(|j| key(&ns[j])).collect();
    for sp in anchored_diff(&lo, &ln) {
        match sp.tag {
            Tag::Equal => {
                out.extend(sp.old.clone().zip(sp.new.clone()).map(|(i, j)| Step::Pair(o.start + i, n.start + j)))
            }
            _ => {
                out.extend(sp.old.clone().map(|i| Step::Del(o.start + i)));
                out.extend(sp.new.clone().map(|j| Step::Ins(n.start + j)));
            }
        }
    }
}

/// Runs a patience diff of exact keys: equal runs are pairs, and each gap
/// between them goes to `gap`. The keys are those of the items from `base`
/// (old, new) on: positions given out count from the start of the lists.
fn anchored<S: From<(usize, usize)>>(
    ok: &[u64],
    nk: &[u64],
    base: (usize, usize),
    out: &mut Vec<S>,
    mut gap: impl FnMut(std::ops::Range<usize>, std::ops::Range<usize>, &mut Vec<S>),
) {
    let spans = anchored_diff(ok, nk);
    let mut k = 0;
    while k < spans.len() {
        if spans[k].tag == Tag::Equal {
            out.extend(spans[k].old.clone().zip(spans[k].new.clone()).map(|(i, j)| S::from((base.0 + i, base.1 + j))));
            k += 1;
            continue;
        }
        // Consecutive changes form one gap.
        let (os, ns) = (spans[k].old.start, spans[k].new.start);
        let mut j = k;
        while j < spans.len() && spans[j].tag != Tag::Equal {
            j += 1;
        }
        let (oe, ne) = (spans[j - 1].old.end, spans[j - 1].new.end);
        gap(base.0 + os..base.0 + oe, base.1 + ns..base.1 + ne, out);
        k = j;
    }
}

impl From<(usize, usize)> for Step {
    fn from((o, n): (usize, usize)) -> Step {
        Step::Pair(o, n)
    }
}

impl From<(usize, usize)> for AlineaStep {
    fn from((o, n): (usize, usize)) -> AlineaStep {
        AlineaStep::Same(o, n)
    }
}

/// The order-preserving pairing of a gap that maximises the total score;
/// between two pairs, deletions come before insertions.
fn pair_gap<S: From<(usize, usize)> + Gap>(
    o: std::ops::Range<usize>,
    n: std::ops::Range<usize>,
    score: impl Fn(usize, usize) -> Option<f64>,
    out: &mut Vec<S>,
) {
    let (lo, ln) = (o.len(), n.len());
    if lo == 0 || ln == 0 {
        out.extend(o.map(S::del));
        out.extend(n.map(S::ins));
        return;
    }
    let w = ln + 1;
    let mut best = vec![0f64; (lo + 1) * w];
    let mut pair = vec![None::<f64>; lo * ln];
    for i in 0..lo {
        for j in 0..ln {
            pair[i * ln + j] = score(o.start + i, n.start + j);
        }
    }
    for i in (0..lo).rev() {
        for j in (0..ln).rev() {
            let skip = best[(i + 1) * w + j].max(best[i * w + j + 1]);
            let take = pair[i * ln + j].map_or(f64::MIN, |s| s + best[(i + 1) * w + j + 1]);
            best[i * w + j] = skip.max(take);
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut dels, mut inss) = (Vec::new(), Vec::new());
    let flush = |dels: &mut Vec<usize>, inss: &mut Vec<usize>, out: &mut Vec<S>| {
        out.extend(dels.drain(..).map(S::del));
        out.extend(inss.drain(..).map(S::ins));
    };
    while i < lo && j < ln {
        let here = best[i * w + j];
        match pair[i * ln + j] {
            Some(s) if (s + best[(i + 1) * w + j + 1] - here).abs() < 1e-9 => {
                flush(&mut dels, &mut inss, out);
                out.push(S::paired(o.start + i, n.start + j));
                i += 1;
                j += 1;
            }
            _ if (best[(i + 1) * w + j] - here).abs() < 1e-9 => {
                dels.push(o.start + i);
                i += 1;
            }
            _ => {
                inss.push(n.start + j);
                j += 1;
            }
        }
    }
    dels.extend(o.start + i..o.end);
    inss.extend(n.start + j..n.end);
    flush(&mut dels, &mut inss, out);
}

/// The three kinds of step a gap produces.
trait Gap {
    fn paired(o: usize, n: usize) -> Self;
    fn del(o: usize) -> Self;
    fn ins(n: usize) -> Self;
}

impl Gap for Step {
    fn paired(o: usize, n: usize) -> Self {
        Step::Pair(o, n)
    }
    fn del(o: usize) -> Self {
        Step::Del(o)
    }
    fn ins(n: usize) -> Self {
        Step::Ins(n)
    }
}

impl Gap for AlineaStep {
    fn paired(o: usize, n: usize) -> Self {
        AlineaStep::Changed(o, n)
    }
    fn del(o: usize) -> Self {
        AlineaStep::Deleted(o)
    }
    fn ins(n: usize) -> Self {
        AlineaStep::Inserted(n)
    }
}

/// How long comparing the words of two alinéas may take when pairing them.
const SIMILARITY_DEADLINE: Duration = Duration::from_millis(20);

/// What an alinéa is for pairing: two alinéas pair only if of one kind —
/// paragraphs with paragraphs, list items with items of the same marker.
/// Tables pair only when identical: a changed table is replaced whole.
fn kind_key(a: &Alinea) -> Option<String> {
    match &a.kind {
        AlineaKind::Paragraph => Some("p".into()),
        AlineaKind::Item { marker } => Some(format!("i{}", marker.as_deref().unwrap_or("•"))),
        AlineaKind::Table { .. } => None,
    }
}

/// Share of the words two alinéas have in common, in order (0..1), when
/// they can pair at all.
fn alinea_similarity(a: &Alinea, b: &Alinea) -> Option<f64> {
    let (ka, kb) = (kind_key(a)?, kind_key(b)?);
    if ka != kb {
        return None;
    }
    let (ta, tb) = (alinea_text(a), alinea_text(b));
    let (wa, wb) = (words_of(&ta), words_of(&tb));
    // A bag of words bounds the in-order share from above: cheap to rule out.
    let mut ba: Vec<u64> = wa.iter().map(|w| hash(*w)).collect();
    let mut bb: Vec<u64> = wb.iter().map(|w| hash(*w)).collect();
    ba.sort_unstable();
    bb.sort_unstable();
    if dice(&ba, &bb) < 0.5 {
        return None;
    }
    let same = crate::sequence_diff::common(Algorithm::Myers, &wa, &wb, Some(Instant::now() + SIMILARITY_DEADLINE));
    let r = 2.0 * same as f64 / (wa.len() + wb.len()).max(1) as f64;
    (r >= 0.5).then_some(r)
}

/// Aligns the alinéas of two versions of a division.
pub(crate) fn align_alineas(old: &[Alinea], new: &[Alinea]) -> Vec<AlineaStep> {
    let key = |a: &Alinea| hash(&(kind_key(a), a.text()));
    let ok: Vec<u64> = old.iter().map(key).collect();
    let nk: Vec<u64> = new.iter().map(key).collect();
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    anchored(&ok, &nk, (0, 0), &mut out, |o, n, out: &mut Vec<AlineaStep>| {
        if o.len() * n.len() <= ALINEA_GAP {
            pair_gap(o, n, |i, j| alinea_similarity(&old[i], &new[j]), out);
        } else {
            out.extend(o.map(AlineaStep::Deleted));
            out.extend(n.map(AlineaStep::Inserted));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Alinea, Inline};

    fn art(id: &str, label: &str, text: &str) -> Division {
        Division {
            id: id.into(),
            label: Some(label.into()),
            title: vec![],
            level: 1,
            alineas: vec![Alinea::paragraph(vec![Inline::plain(text)])],
            ..Default::default()
        }
    }

    #[test]
    fn an_article_inserted_between_untitled_articles_is_one_insertion() {
        let old = [
            art("a1", "Article 1er", "Les parties conviennent de coopérer."),
            art("a2", "Article 2", "Le comité se réunit chaque année."),
            art("a3", "Article 3", "La convention est conclue pour deux ans."),
        ];
        let new = [
            art("a1", "Article 1er", "Les parties conviennent de coopérer."),
            art("a2", "Article 2", "Le comité se réunit chaque année."),
            art("x", "Article 2 bis", "Un observatoire est créé auprès du comité."),
            art("a3", "Article 3", "La convention est conclue pour deux ans."),
        ];
        assert_eq!(
            align_divisions(&old, &new),
            vec![Step::Pair(0, 0), Step::Pair(1, 1), Step::Ins(2), Step::Pair(2, 3)]
        );
    }

    #[test]
    fn renumbered_articles_pair_by_their_words() {
        let a = "Les parties conviennent de coopérer sur les sujets communs aux deux villes, dans le respect des compétences de chacune et des engagements pris.";
        let b = "Le comité de pilotage se réunit chaque année au mois de juin, à Paris ou à Ivry-sur-Seine, pour arrêter le programme de travail commun.";
        let c = "La présente convention est conclue pour deux ans à compter de sa signature par les deux parties, et renouvelée une fois par reconduction tacite.";
        let x = "Un observatoire est créé auprès des deux administrations pour suivre la qualité de l'air et publier chaque année un rapport aux habitants.";
        let old = [art("1", "Article 1er", a), art("2", "Article 2", b), art("3", "Article 3", c)];
        let new =
            [art("1", "Article 1er", a), art("2", "Article 2", x), art("3", "Article 3", b), art("4", "Article 4", c)];
        assert_eq!(
            align_divisions(&old, &new),
            vec![Step::Pair(0, 0), Step::Ins(1), Step::Pair(1, 2), Step::Pair(2, 3)]
        );
    }

    #[test]
    fn a_rewritten_article_keeps_its_place() {
        let old = [
            art("1", "Article 1er", "Texte un qui ne change pas du tout."),
            art("2", "Article 2", "Ancienne rédaction de l'article deux."),
        ];
        let new = [
            art("1", "Article 1er", "Texte un qui ne change pas du tout."),
            art("2", "Article 2", "Tout autre chose désormais, sans rapport."),
        ];
        assert_eq!(align_divisions(&old, &new), vec![Step::Pair(0, 0), Step::Pair(1, 1)]);
    }

    #[test]
    fn alineas_rewritten_beyond_recognition_are_deleted_then_inserted() {
        let p = |t: &str| Alinea::paragraph(vec![Inline::plain(t)]);
        let old = [
            p("Un texte commun."),
            p("Le comité se réunit une fois par trimestre au siège."),
            p("Tout à fait autre chose ici."),
        ];
        let new = [
            p("Un texte commun."),
            p("Le comité se réunit une fois tous les deux mois au siège."),
            p("Nouvelle rédaction sans aucun rapport."),
        ];
        assert_eq!(
            align_alineas(&old, &new),
            vec![AlineaStep::Same(0, 0), AlineaStep::Changed(1, 1), AlineaStep::Deleted(2), AlineaStep::Inserted(2)]
        );
    }
}
