//! A French-aware tokenizer for word-level comparison: words keep their
//! inner apostrophes and hyphens (« aujourd'hui », « Ivry-sur-Seine »), an
//! elided article stays attached to its apostrophe (« l' », « d' », « qu' »),
//! numbers keep their thin groups (« 1 000 », « n° 12 », « 35 % » as words
//! and signs), and every space or punctuation mark is its own token, so that
//! joining the tokens gives the text back exactly.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Space,
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub kind: Kind,
    /// Byte offset in the text.
    pub start: usize,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '°'
}

/// Splits `text` into tokens whose concatenation is `text`.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < cs.len() {
        let (start, c) = cs[k];
        let mut j = k + 1;
        let kind = if is_word_char(c) {
            loop {
                match cs.get(j).map(|x| x.1) {
                    Some(c) if is_word_char(c) => j += 1,
                    // « aujourd'hui », « Ivry-sur-Seine », « 1.5 », « 20 000 »:
                    // a joiner between two word characters stays in the word,
                    // except an elision (« l'État »), which ends it.
                    Some(c)
                        if (c == '-' || c == '.' || c == ',' || c == '\u{a0}' || c == '\u{202f}' || c == ' ')
                            && cs.get(j + 1).is_some_and(|x| is_word_char(x.1))
                            && joins(&cs, k, j, c) =>
                    {
                        j += 2
                    }
                    Some(c) if is_apostrophe(c) => {
                        let word: String = cs[k..j].iter().map(|x| x.1).collect();
                        j += 1;
                        if is_elision(&word) || !cs.get(j).is_some_and(|x| is_word_char(x.1)) {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            Kind::Word
        } else if c.is_whitespace() {
            while cs.get(j).is_some_and(|x| x.1.is_whitespace()) {
                j += 1;
            }
            Kind::Space
        } else {
            Kind::Punct
        };
        let end = cs.get(j).map_or(text.len(), |x| x.0);
        out.push(Token { text: &text[start..end], kind, start });
        k = j;
    }
    out
}

/// Whether the joiner `c` at `j` binds the word started at `k` to what follows.
fn joins(cs: &[(usize, char)], k: usize, j: usize, c: char) -> bool {
    let digits_before =
        cs[k..j].iter().all(|x| x.1.is_ascii_digit() || matches!(x.1, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}'));
    let next = cs[j + 1].1;
    match c {
        '-' => true,
        // « 1.5.1 », « 3,5 »: only between digits.
        '.' | ',' => digits_before && next.is_ascii_digit(),
        // « 1 000 »: a group of exactly three digits after a number.
        _ => {
            digits_before
                && cs[j + 1..].iter().take(3).all(|x| x.1.is_ascii_digit())
                && cs.get(j + 4).is_none_or(|x| !x.1.is_ascii_digit())
                && cs[k..j].iter().rev().take_while(|x| x.1.is_ascii_digit()).count() <= 3
        }
    }
}

fn is_elision(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "l" | "d" | "j" | "m" | "n" | "s" | "t" | "c" | "qu" | "jusqu" | "lorsqu" | "puisqu" | "quoiqu" | "presqu"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    fn words(t: &str) -> Vec<&str> {
        tokenize(t).into_iter().filter(|x| x.kind == Kind::Word).map(|x| x.text).collect()
    }
    #[test]
    fn french() {
        assert_eq!(
            words("l'État et aujourd'hui Ivry-sur-Seine"),
            vec!["l'", "État", "et", "aujourd'hui", "Ivry-sur-Seine"]
        );
        assert_eq!(
            words("qu'il verse 1 000 euros, soit 35 % au n° 12"),
            vec!["qu'", "il", "verse", "1 000", "euros", "soit", "35", "au", "n°", "12"]
        );
        assert_eq!(words("le 1.5.1. du texte"), vec!["le", "1.5.1", "du", "texte"]);
        let t = "« Bonjour », dit-il : 2 ans.";
        assert_eq!(tokenize(t).iter().map(|x| x.text).collect::<String>(), t);
    }
}
