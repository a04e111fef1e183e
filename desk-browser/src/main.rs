//! The desk driven in a real Chromium, as a legal service uses it: the
//! library, a convention and its facts form, the convention edited in Word
//! dropped on the avenant page, the avenant's facts, the councils' pack
//! downloaded and opened, the échéancier, « Avenant signé », the pages on a
//! tablet, and a desk shared with a team that asks to log in. A screenshot
//! of each page is saved to be looked at.
//!
//! Usage (see .ci/desk.sh, which starts the desk and chromedriver):
//!   clausier-desk-browser --desk URL --webdriver URL --docx EDITED.docx --out DIR [--team URL]

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;

type Res<T> = Result<T, String>;

struct Args {
    desk: String,
    webdriver: String,
    docx: PathBuf,
    out: PathBuf,
    team: Option<String>,
}

fn args() -> Res<Args> {
    let mut a = std::env::args().skip(1);
    let (mut desk, mut webdriver, mut docx, mut out, mut team) = (None, None, None, None, None);
    while let Some(k) = a.next() {
        let v = a.next().ok_or(format!("{} needs a value", k))?;
        match k.as_str() {
            "--desk" => desk = Some(v),
            "--webdriver" => webdriver = Some(v),
            "--docx" => docx = Some(PathBuf::from(v)),
            "--out" => out = Some(PathBuf::from(v)),
            "--team" => team = Some(v),
            _ => return Err(format!("unknown argument {}", k)),
        }
    }
    let need = |x: Option<String>, n: &str| x.ok_or(format!("{} is required", n));
    Ok(Args {
        desk: need(desk, "--desk")?,
        webdriver: need(webdriver, "--webdriver")?,
        docx: docx.ok_or("--docx is required")?,
        out: out.ok_or("--out is required")?,
        team,
    })
}

fn e<E: std::fmt::Display>(what: &str) -> impl Fn(E) -> String + '_ {
    move |err| format!("{}: {}", what, err)
}

async fn browser(webdriver: &str, downloads: &Path, profile: &Path) -> Res<Client> {
    let caps = json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--lang=fr-FR", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
                "intl.accept_languages": "fr-FR,fr",
            }
        }
    });
    let caps = caps.as_object().cloned().unwrap_or_default();
    let conn = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(conn).capabilities(caps).connect(webdriver).await.map_err(e("chromedriver"))
}

/// A screenshot of the whole page (the window made as tall as the page).
async fn shot(c: &Client, out: &Path, name: &str, width: u32) -> Res<()> {
    c.set_window_size(width, 700).await.map_err(e("window size"))?;
    let h = c
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .map_err(e("page height"))?
        .as_u64()
        .unwrap_or(900)
        .clamp(600, 6000) as u32;
    c.set_window_size(width, h).await.map_err(e("window size"))?;
    // From the top, whatever anchor the page was opened at (#faits).
    c.execute("window.scrollTo(0, 0);", vec![]).await.map_err(e("scroll"))?;
    let png = c.screenshot().await.map_err(e("screenshot"))?;
    std::fs::write(out.join(format!("{}.png", name)), png).map_err(e("writing the screenshot"))?;
    println!("desk-browser: {}.png ({}×{})", name, width, h);
    Ok(())
}

/// The page's main text, once the page after a click has loaded.
async fn text(c: &Client) -> Res<String> {
    let mut last = String::new();
    for _ in 0..50 {
        match c.find(Locator::Css("main")).await {
            Ok(m) => match m.text().await {
                Ok(t) => return Ok(t),
                Err(err) => last = err.to_string(),
            },
            Err(err) => last = err.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("main: {}", last))
}

/// Waits (10 s at most) for the page to say `words`: after a click, the
/// next page may still be on its way.
async fn expect(c: &Client, words: &str, step: &str) -> Res<()> {
    let mut t = String::new();
    for _ in 0..100 {
        t = text(c).await?;
        if t.contains(words) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{}: « {} » not on the page:\n{}", step, words, t.chars().take(1500).collect::<String>()))
}

async fn field(c: &Client, css: &str) -> Res<fantoccini::elements::Element> {
    c.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(css)).await.map_err(e(css))
}

async fn type_into(c: &Client, css: &str, value: &str) -> Res<()> {
    let f = field(c, css).await?;
    f.clear().await.map_err(e(css))?;
    f.send_keys(value).await.map_err(e(css))
}

/// A date field: set as the browser's date picker sets it (ISO).
async fn date_into(c: &Client, name: &str, iso: &str) -> Res<()> {
    let css = format!("input[name=\"{}\"]", name);
    field(c, &css).await?;
    c.execute("document.querySelector(arguments[0]).value = arguments[1];", vec![json!(css), json!(iso)])
        .await
        .map_err(e("date"))?;
    Ok(())
}

async fn click(c: &Client, css: &str) -> Res<()> {
    field(c, css).await?.click().await.map_err(e(css))
}

/// The job page until it says the zip is ready.
async fn wait_job(c: &Client) -> Res<()> {
    for _ in 0..240 {
        let t = text(c).await?;
        if t.contains("Terminé") {
            return Ok(());
        }
        if t.contains("n’a pas pu aboutir") {
            return Err(format!("job failed:\n{}", t));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err("job not finished in 2 minutes".into())
}

async fn wait_file(dir: &Path, suffix: &str) -> Res<PathBuf> {
    for _ in 0..100 {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for f in rd.flatten() {
                let p = f.path();
                if p.to_string_lossy().ends_with(suffix) {
                    return Ok(p);
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!("no *{} downloaded into {}", suffix, dir.display()))
}

async fn library_and_convention(c: &Client, a: &Args) -> Res<()> {
    c.goto(&a.desk).await.map_err(e("library"))?;
    expect(c, "Bibliothèque des conventions", "library").await?;
    // The keyboard's first stop is the link to the content.
    c.execute("document.activeElement.blur();", vec![]).await.map_err(e("blur"))?;
    c.active_element().await.map_err(e("focus"))?.send_keys("\u{E004}").await.map_err(e("tab"))?;
    let first = c.active_element().await.map_err(e("focus"))?.text().await.map_err(e("focus"))?;
    if first != "Aller au contenu" {
        return Err(format!("first Tab stop is « {} », not the skip link", first));
    }
    shot(c, &a.out, "01-bibliotheque", 1280).await?;
    c.find(Locator::LinkText("Convention de coopération entre la Ville de Paris et la Ville d'Ivry-sur-Seine"))
        .await
        .map_err(e("the convention's link"))?
        .click()
        .await
        .map_err(e("click"))?;
    expect(c, "Échéances", "convention").await?;
    // Its facts, typed in the form.
    type_into(c, "input[name=\"parties[paris].deliberation.numero\"]", "2025 DGRI 42").await?;
    date_into(c, "parties[paris].deliberation.date", "2025-05-20").await?;
    date_into(c, "dates.adoption", "2025-06-01").await?;
    date_into(c, "dates.signature", "2025-06-16").await?;
    click(c, "form.faits button[type=submit]").await?;
    expect(c, "Les faits ont été enregistrés.", "convention facts").await?;
    expect(c, "Fin de la période reconduite tacitement", "the deadlines follow the adoption date").await?;
    shot(c, &a.out, "02-convention", 1280).await
}

async fn avenant(c: &Client, a: &Args, downloads: &Path) -> Res<()> {
    c.goto(&format!("{}conventions/paris-ivry/avenant", a.desk)).await.map_err(e("avenant"))?;
    expect(c, "Préparer un avenant", "avenant page").await?;
    shot(c, &a.out, "03-avenant-depot", 1280).await?;
    let docx = a.docx.canonicalize().map_err(e("the edited DOCX"))?;
    c.find(Locator::Id("document"))
        .await
        .map_err(e("file field"))?
        .send_keys(&docx.display().to_string())
        .await
        .map_err(e("upload"))?;
    click(c, "form.depot button[type=submit]").await?;
    expect(c, "Avenant n° 1", "drafted avenant").await?;
    expect(c, "Ce que l’avenant modifie", "drafted avenant").await?;
    type_into(
        c,
        "textarea[name=\"objet\"]",
        "de renforcer le comité technique et de préciser l’implantation des services parisiens",
    )
    .await?;
    date_into(c, "date", "2027-03-15").await?;
    type_into(c, "input[name=\"deliberations[paris].numero\"]", "2027 DU 45").await?;
    date_into(c, "deliberations[paris].date", "2027-02-10").await?;
    type_into(c, "input[name=\"deliberations[ivry].numero\"]", "2027-12").await?;
    date_into(c, "deliberations[ivry].date", "2027-02-12").await?;
    click(c, "form.faits button[type=submit]").await?;
    expect(c, "Les faits de l’avenant ont été enregistrés.", "avenant facts").await?;
    expect(c, "tous les faits nécessaires sont connus", "avenant facts").await?;
    shot(c, &a.out, "04-avenant", 1280).await?;
    // The councils' pack: a job with its progress page, then the zip.
    c.find(Locator::XPath("//button[contains(., 'dossier des conseils')]"))
        .await
        .map_err(e("dossier"))?
        .click()
        .await
        .map_err(e("dossier"))?;
    wait_job(c).await?;
    shot(c, &a.out, "05-dossier", 1280).await?;
    click(c, "a.bouton[download]").await?;
    let zip = wait_file(downloads, ".zip").await?;
    check_dossier(&zip)?;
    Ok(())
}

/// The pack holds the avenant with the facts typed, the redline, the tableau, the manifest.
fn check_dossier(zip: &Path) -> Res<()> {
    // Chromium renames the finished download into place: let it settle.
    std::thread::sleep(Duration::from_millis(500));
    let bytes = std::fs::read(zip).map_err(e("the zip"))?;
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(e("the zip"))?;
    let names: Vec<String> = a.file_names().map(str::to_string).collect();
    for n in [
        "dossier-avenant-1/avenant-1.docx",
        "dossier-avenant-1/redline-avenant-1.docx",
        "dossier-avenant-1/tableau-comparatif-avenant-1.docx",
        "dossier-avenant-1/convention-consolidee-avenant-1.docx",
        "dossier-avenant-1/manifest.json",
    ] {
        if !names.iter().any(|x| x == n) {
            return Err(format!("{} not in the pack: {:?}", n, names));
        }
    }
    // The avenant in the pack carries the facts typed in the form.
    let mut docx = Vec::new();
    std::io::Read::read_to_end(
        &mut a.by_name("dossier-avenant-1/avenant-1.docx").map_err(e("avenant-1.docx"))?,
        &mut docx,
    )
    .map_err(e("avenant-1.docx"))?;
    let mut inner = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(e("avenant-1.docx"))?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut inner.by_name("word/document.xml").map_err(e("document.xml"))?, &mut xml)
        .map_err(e("document.xml"))?;
    for fact in ["DU 45", "renforcer le comité technique", "2027-12"] {
        if !xml.contains(fact) {
            return Err(format!("the pack's avenant lacks « {} »", fact));
        }
    }
    println!("desk-browser: dossier downloaded, {} files, the facts typed in it", names.len());
    Ok(())
}

async fn deadlines_and_signature(c: &Client, a: &Args) -> Res<()> {
    c.goto(&format!("{}echeancier", a.desk)).await.map_err(e("échéancier"))?;
    expect(c, "Dernier jour pour notifier la résiliation avant le terme", "échéancier").await?;
    shot(c, &a.out, "06-echeancier", 1280).await?;
    c.goto(&format!("{}conventions/paris-ivry/avenant/signature", a.desk)).await.map_err(e("signature"))?;
    expect(c, "version consolidée", "confirmation").await?;
    shot(c, &a.out, "07-signature", 1280).await?;
    c.find(Locator::XPath("//button[contains(., 'Confirmer')]"))
        .await
        .map_err(e("confirm"))?
        .click()
        .await
        .map_err(e("confirm"))?;
    expect(c, "L’avenant signé a été intégré", "signed").await?;
    expect(c, "n° 1 du 15 mars 2027", "history").await?;
    shot(c, &a.out, "08-convention-consolidee", 1280).await?;
    // On a tablet, held upright.
    c.goto(&a.desk).await.map_err(e("library"))?;
    shot(c, &a.out, "09-bibliotheque-tablette", 820).await
}

async fn team(c: &Client, a: &Args, url: &str) -> Res<()> {
    c.goto(url).await.map_err(e("team desk"))?;
    let at = c.current_url().await.map_err(e("url"))?;
    if !at.path().ends_with("/connexion") {
        return Err(format!("a team desk served {} without a login", at));
    }
    expect(c, "Connexion", "team desk").await?;
    shot(c, &a.out, "10-connexion", 1280).await
}

async fn run(a: Args) -> Res<()> {
    let downloads = a.out.join("telechargements");
    let profile = a.out.join("profil-chromium");
    std::fs::create_dir_all(&downloads).map_err(e("downloads folder"))?;
    std::fs::create_dir_all(&profile).map_err(e("profile folder"))?;
    let c = browser(&a.webdriver, &downloads.canonicalize().map_err(e("downloads"))?, &profile).await?;
    let result = async {
        library_and_convention(&c, &a).await?;
        avenant(&c, &a, &downloads).await?;
        deadlines_and_signature(&c, &a).await?;
        if let Some(t) = &a.team {
            team(&c, &a, t).await?;
        }
        Ok::<(), String>(())
    }
    .await;
    let _ = c.close().await;
    result
}

fn main() -> std::process::ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(m) => {
            eprintln!("desk-browser: {}", m);
            return std::process::ExitCode::FAILURE;
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(m) => {
            eprintln!("desk-browser: {}", m);
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(a)) {
        Ok(()) => {
            println!("desk-browser: every step passed");
            std::process::ExitCode::SUCCESS
        }
        Err(m) => {
            eprintln!("desk-browser: {}", m);
            std::process::ExitCode::FAILURE
        }
    }
}
