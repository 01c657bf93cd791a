# ruff: noqa: RUF001  (Cyrillic, Greek and CJK letters and punctuation are meant)
"""What chaff says, in many languages: lexical cues for lines of flattened text, by kind.

Each kind of chaff is a `Cue`: a few trigger words that make a line worth a look, and
patterns that confirm it. Triggers are whole lower-case words (a set lookup per line), so
the patterns, which are slower, only run on the few lines that might match. Scripts written
without spaces (Chinese, Japanese) trigger on substrings instead.

Patterns are written for the kind, not for known pages: a CMS status message is any
"Error message" heading or a complaint about a missing library, module or plugin; a
browser notice is any line about an outdated, unsupported or JavaScript-less browser. The
kind names are those of `chaff.py`, where the same kinds are found by class names in HTML,
with `_prompt`, `_links` and `_footer` for the kinds whose DOM names are shorter.

Languages: en, de, fr, es, it, pt, nl, ru, pl, tr, zh, ja (and some sv, da, cs where the
words are shared).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

CMS_MESSAGE = "cms_message"
BROWSER_NOTICE = "browser_notice"
COOKIE_NOTICE = "cookie_notice"
NAVIGATION = "navigation"
SHARE_PROMPT = "share_prompt"
RELATED_LINKS = "related_links"
LEGAL_FOOTER = "legal_footer"
SUBSCRIBE_PROMPT = "subscribe_prompt"
ADVERTISING = "advertising"
COMMENT_PROMPT = "comment_prompt"
IMAGE_CREDIT = "image_credit"

# Whole-line label patterns match the whole line, with optional bullets, arrows, counts
# and punctuation around the words ("» Read more", "Share (12)", "Comments: 4").
_AROUND_LABEL = r"[\W\d_]*"
_LABEL_MARK = "\x00label:"  # marks the alternatives that _label() made


@dataclass(frozen=True, slots=True)
class Caseless:
    """A pattern matched regardless of case: with IGNORECASE, or on an ASCII line, without
    it on the line in lower case, where the regex engine skips a branch of an alternation at
    its first letter (labels match 2.5 times faster, the same lines)."""

    any_line: re.Pattern[str]  # with IGNORECASE
    ascii_lower: re.Pattern[str]  # without, for ASCII lines in lower case

    @classmethod
    def compile(cls, source: str) -> Caseless:
        # The characters IGNORECASE lets match an ASCII letter (the dotless Turkish i matches
        # i and I) are written as that letter for ASCII lines.
        fold = {c: letter for c in set(source) if not c.isascii()
                for letter in string.ascii_lowercase if re.fullmatch(re.escape(c), letter, re.I)}
        return cls(re.compile(source, re.IGNORECASE),
                   re.compile("".join(fold.get(c, c) for c in source)))

    def search(self, line: str, lower: str | None) -> bool:
        """Whether the pattern is in `line`; `lower` is the line in lower case if ASCII."""
        found = self.any_line.search(line) if lower is None else self.ascii_lower.search(lower)
        return found is not None

    def fullmatch(self, line: str, lower: str | None) -> bool:
        found = (self.any_line.fullmatch(line) if lower is None
                 else self.ascii_lower.fullmatch(lower))
        return found is not None


@dataclass(frozen=True, slots=True)
class Cue:
    """One kind of chaff: trigger words, confirming patterns and the longest line it fits."""

    kind: str
    triggers: frozenset[str]  # lower-case words; a line with none of them is not this kind
    substrings: tuple[str, ...]  # triggers for scripts without spaces (zh, ja)
    label: Caseless | None  # matches a whole line that is only a label
    rules: tuple[Rule, ...]  # patterns found anywhere in the line
    max_chars: int  # a longer line is never this kind: it is prose that mentions the words

    def matches(self, line: str, lower: str | None, line_words: set[str], wide: bool) -> bool:
        """Whether `line` is of this kind; `lower` is the line in lower case if ASCII."""
        if len(line) > self.max_chars:
            return False
        if (self.label is not None and len(line) <= MAX_LABEL_CHARS
                and self.label.fullmatch(line, lower)):
            return True
        return any(rule.pattern.search(line, lower) for rule in self.rules
                   if rule.applies(line_words, wide))


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of a cue and the trigger words it contains: a pattern runs only on lines
    with one of its own words, which keeps the slow ones off most lines."""

    triggers: frozenset[str]  # empty: runs on every candidate line
    wide: bool  # has words of a script without spaces: runs on every line in one
    pattern: Caseless

    def applies(self, line_words: set[str], wide: bool) -> bool:
        if self.wide and wide:
            return True
        if not self.triggers:
            return not self.wide
        return not self.triggers.isdisjoint(line_words)


_WORD = re.compile(r"\w+")


def words(line: str) -> list[str]:
    """The lower-case words of a line, as the triggers are written."""
    return _WORD.findall(line.lower())


def _words(text: str) -> frozenset[str]:
    # Apostrophes split "don't" into "don" and "t": one-letter pieces would trigger on
    # every line, except "x" (the network) and "c" (as in "(c) 2020").
    return frozenset(w for w in words(text) if len(w) > 1 or w in "xc")


def _join(*alternatives: str) -> str:
    return "|".join(f"(?:{a})" for a in alternatives)


def _label(*alternatives: str) -> str:
    return _LABEL_MARK + _join(*alternatives)


# --- CMS and server messages: Drupal's status boxes, WordPress and PHP notices, missing
# libraries, maintenance and database errors.
_CMS = (
    _label(r"(?:error|status|warning|system|info)\s+messages?",  # Drupal's box headings
           r"fehlermeldung|statusmeldung|warnmeldung|systemmeldung",
           r"message d.(?:erreur|état|avertissement)",
           r"mensa(?:je|gem) de (?:error|erro|estado|status|advertencia|aviso)",
           r"messaggio di (?:errore|stato|avviso)",
           r"foutmelding|statusbericht|waarschuwingsbericht|systeembericht",
           r"сообщение об ошибке|сообщение о состоянии|системное сообщение",
           r"komunikat o błędzie|komunikat o stanie|komunikat systemowy",
           r"hata mesajı|durum mesajı|uyarı mesajı|sistem mesajı",
           r"错误信息|错误消息|状态消息|系统消息|エラーメッセージ|ステータスメッセージ"),
    # A missing or broken library, module, plugin or installation.
    (r"\b(?:missing|incomplete|broken|corrupt(?:ed)?|invalid|failed)\b[^.!?]{0,40}"
    r"\binstallation\b"),
    r"\binstallation of the\b[^.!?]{0,60}\b(?:library|module|plugin|extension|package|theme)\b",
    (r"\b(?:library|module|plugin|extension|dependency)\b[^.!?]{0,60}\b(?:is|was|are)\s+"
    r"not (?:installed|enabled|loaded)\b"),
    (r"^\W*(?:error\W+)?(?:could not|cannot|can't|unable to|failed to) (?:load|find|locate|"
    r"include|open)\b[^.!?]{0,60}\b(?:library|module|plugin|extension|stream|template|"
    r"script)\b"),
    r"\bfollow the instructions\b[^.!?]{0,40}\b(?:readme|install\w*)\b",
    r"\b(?:fehlende|unvollständige)\b[^.!?]{0,40}\binstallation\b",
    (r"\b(?:bibliothek|modul|erweiterung|plugin)\b[^.!?]{0,60}\b(?:fehlt|nicht (?:gefunden|"
    r"installiert|geladen))\b"),
    (r"\binstallation (?:manquante|incomplète)\b|\bbibliothèque\b[^.!?]{0,60}"
    r"\b(?:manquante|introuvable|n.est pas installée)\b"),
    (r"\binstalación (?:faltante|incompleta)\b|\b(?:biblioteca|librería|módulo)\b[^.!?]{0,60}"
    r"\bno (?:está instalad[ao]|se encuentra|encontrad[ao])\b"),
    (r"\binstallazione (?:mancante|incompleta)\b|\blibreria\b[^.!?]{0,60}"
    r"\b(?:mancante|non (?:trovata|installata))\b"),
    (r"\binstalação (?:ausente|incompleta)\b|\bbiblioteca\b[^.!?]{0,60}"
    r"\b(?:ausente|não (?:encontrada|instalada))\b"),
    (r"\b(?:ontbrekende|onvolledige) installatie\b|\bbibliotheek\b[^.!?]{0,60}"
    r"\b(?:ontbreekt|niet (?:gevonden|geïnstalleerd))\b"),
    (r"\b(?:отсутствует|неполная) установка\b|\bбиблиотек[аи]\b[^.!?]{0,60}"
    r"\b(?:не (?:найдена|установлена)|отсутствует)"),
    (r"\b(?:brakująca|niekompletna) instalacja\b|\bbiblioteki\b[^.!?]{0,60}\bnie (?:znaleziono|"
    r"zainstalowano)\b"),
    r"\b(?:eksik|tamamlanmamış) kurulum\b|\bkütüphane\w*\b[^.!?]{0,60}\b(?:bulunamadı|eksik)\b",
    r"(?:库|模块|插件)[^。！？]{0,20}(?:未安装|缺失|不存在|加载失败)|安装不完整",
    r"(?:ライブラリ|モジュール|プラグイン)[^。！？]{0,20}(?:見つかりません|インストールされていません)",
    # PHP and server errors printed into the page.
    (r"^(?:php )?(?:warning|notice|deprecated|fatal error|parse error|strict standards|"
    r"catchable fatal error)\s*:"),
    r"\bin [\w./\\:-]+\.(?:php|inc|module|py|rb)\b[^.!?]{0,20}\bline \d+",
    (r"\b(?:undefined (?:index|variable|offset|property|constant|function)|call to undefined "
    r"(?:function|method)|stack trace|traceback \(most recent call last\))\b"),
    r"\berror establishing a database connection\b|^\W*database (?:connection )?error\b",
    r"^\W*an? (?:unexpected |unknown |internal |critical )?error (?:has )?occurred\b",
    r"\bthere has been a critical error\b|\bbriefly unavailable for scheduled maintenance\b",
    r"\b(?:site|website|page|service) is (?:currently )?(?:under|in|down for) maintenance\b",
    r"\bmaintenance mode\b|\bwartungsmodus\b|\bmode maintenance\b|\bmodo (?:de )?manutenção\b",
    (r"\bsorry, (?:no posts|nothing) matched your criteria\b|\bnothing (?:was )?found at this "
    r"location\b"),
    (r"\bthe requested (?:page|url|resource|document) (?:could not be found|was not found|is not "
    r"available)\b|^\W*page not found\b"),
    _label(r"(?:error )?404(?: error)?(?: page)?(?: not found)?|not found"),
    r"\byou are not authori[sz]ed to (?:access|view)\b|^access denied\b",
    r"^(?:oops|whoops|sorry)\W+(?:something|an error)\b",
    (r"\bseite (?:wurde )?nicht gefunden\b|\bpage (?:introuvable|non trouvée)\b|"
    r"\bpágina no encontrada\b|\bpagina non trovata\b|\bpágina não encontrada\b|"
    r"\bpagina niet gevonden\b|\bстраница не найдена\b|\bnie znaleziono strony\b|"
    r"\bsayfa bulunamadı\b|页面不存在|找不到页面|ページが見つかりません"),
)
_CMS_TRIGGERS = _words(
    "error errors message messages warning notice status system info deprecated fatal parse "
    "strict catchable installation installed library module plugin extension package theme "
    "dependency load find locate include open instructions readme line undefined call stack "
    "traceback database occurred critical maintenance unavailable sorry nothing requested "
    "page 404 authorized authorised access oops whoops fehlermeldung statusmeldung "
    "warnmeldung systemmeldung fehlende unvollständige bibliothek modul erweiterung "
    "wartungsmodus seite erreur état avertissement manquante incomplète bibliothèque mode "
    "introuvable trouvée mensaje mensagem error erro estado advertencia aviso instalación "
    "biblioteca librería módulo página messaggio errore stato avviso installazione libreria "
    "pagina instalação manutenção foutmelding statusbericht waarschuwingsbericht "
    "systeembericht installatie bibliotheek ontbrekende onvolledige сообщение установка "
    "библиотека библиотеки страница отсутствует неполная komunikat instalacja biblioteki "
    "brakująca niekompletna nie hata durum uyarı sistem kurulum eksik tamamlanmamış kütüphane "
    "kütüphanesi sayfa")
_CMS_SUBSTRINGS = ("错误", "状态消息", "系统消息", "安装", "页面", "エラー", "ステータス",
                   "ライブラリ", "モジュール", "プラグイン", "ページ")

# --- Browser notices: outdated or unsupported browsers, JavaScript turned off.
_BROWSER = (
    (r"\b(?:your|this|the) (?:web )?browser\b[^.!?]{0,40}\b(?:is|seems|appears)\b[^.!?]{0,20}"
    r"\b(?:out of date|outdated|old|obsolete|not supported|unsupported|no longer supported|"
    r"insecure|too old)\b"),
    r"\b(?:outdated|old|unsupported|older|legacy|obsolete) (?:web )?browser\b",
    (r"\b(?:update|upgrade|switch|change) (?:to )?(?:your|a (?:modern|newer|supported|different)|"
    r"the latest)\b[^.!?]{0,20}\bbrowser\b"),
    r"\bbrowser-?update\.org\b|\bbrowsehappy\b|\boutdated-?browser\b|\bchrome frame\b",
    (r"\b(?:internet explorer|ie ?\d+)\b[^.!?]{0,60}\b(?:not supported|no longer supported|"
    r"out of date|outdated|end of support|ended support)\b"),
    r"\bfor (?:a|the) (?:best|better|optimal) (?:experience|viewing)\b[^.!?]{0,60}\bbrowser\b",
    (r"\bjavascript\b[^.!?]{0,30}\b(?:is|seems|appears)? ?(?:to be )?(?:disabled|"
    r"turned off|not enabled|switched off|blocked|required|not supported|unavailable)\b"),
    r"\b(?:enable|turn on|activate|allow)\b[^.!?]{0,20}\bjavascript\b",
    r"\b(?:requires|needs|works best with|uses) javascript\b",
    (r"\b(?:ihr|dein|dieser) browser\b[^.!?]{0,30}\b(?:veraltet|nicht (?:mehr )?unterstützt|"
    r"zu alt)\b|\bbrowser (?:aktualisieren|updaten)\b|\baktualisieren sie ihren browser\b"),
    (r"\bjavascript\b[^.!?]{0,30}\b(?:deaktiviert|ausgeschaltet|aktivieren)\b|"
    r"\b(?:aktivieren|aktiviere|einschalten)\b[^.!?]{0,20}\bjavascript\b"),
    (r"\bvotre navigateur\b[^.!?]{0,40}\b(?:obsolète|dépassé|pas à jour|n.est (?:plus )?"
    r"(?:pris en charge|supporté|compatible)|trop ancien)\b|\bmett(?:re|ez) à jour (?:votre|"
    r"le) navigateur\b"),
    r"\bjavascript\b[^.!?]{0,30}\b(?:désactivé|activer|activez)\b",
    (r"\b(?:tu|su|este) navegador\b[^.!?]{0,40}\b(?:desactualizado|obsoleto|antiguo|no es "
    r"compatible|no (?:está )?soportado)\b|\bactualiz[ae] (?:tu|su) navegador\b"),
    r"\bjavascript\b[^.!?]{0,30}\b(?:desactivado|deshabilitado|habilit[ae]r?|activ[ae]r?)\b",
    (r"\bil (?:tuo|vostro|suo) browser\b[^.!?]{0,40}\b(?:obsoleto|non (?:è )?(?:aggiornato|"
    r"supportato)|vecchio)\b|\baggiorna(?:re)? il (?:tuo )?browser\b"),
    r"\bjavascript\b[^.!?]{0,30}\b(?:disabilitato|disattivato|abilita(?:re)?|attiva(?:re)?)\b",
    (r"\b(?:seu|o seu|este) navegador\b[^.!?]{0,40}\b(?:desatualizado|obsoleto|antigo|não "
    r"(?:é )?(?:suportado|compatível))\b|\batualiz[ae] (?:o )?(?:seu )?navegador\b"),
    r"\bjavascript\b[^.!?]{0,30}\b(?:desativado|desabilitado|ativ[ae]r?|habilit[ae]r?)\b",
    (r"\b(?:je|uw|deze) browser\b[^.!?]{0,40}\b(?:verouderd|niet (?:meer )?ondersteund|te oud)"
    r"\b|\b(?:update|upgrade) (?:je|uw) browser\b"),
    (r"\bjavascript\b[^.!?]{0,30}\b(?:uitgeschakeld|inschakelen|in te schakelen)\b|"
    r"\bschakel javascript in\b"),
    (r"\bваш браузер\b[^.!?]{0,40}\b(?:устарел|не поддерживается)|\bобновите (?:ваш |свой )?"
    r"браузер\b|\bустаревш\w+ браузер"),
    r"\bjavascript\b[^.!?]{0,30}(?:отключ|выключ|включите)",
    (r"\btwoja przeglądarka\b[^.!?]{0,40}\b(?:jest przestarzała|nie jest obsługiwana)|"
    r"\bzaktualizuj (?:swoją )?przeglądarkę\b|\bprzestarzał\w+ przeglądark"),
    r"\bjavascript\b[^.!?]{0,30}\b(?:jest wyłączony|wyłączony|włącz)",
    (r"\btarayıcınız\b[^.!?]{0,40}\b(?:güncel değil|eski|desteklenmiyor)|"
    r"\btarayıcınızı güncelleyin\b"),
    r"\bjavascript\b[^.!?]{0,30}(?:devre dışı|etkinleştir)",
    (r"浏览器[^。！？]{0,20}(?:版本过低|过旧|不受支持|不支持)|(?:升级|更新)(?:您的)?浏览器|"
    r"(?:启用|开启|禁用)\s*javascript|javascript\s*(?:已被?禁用|被禁用)"),
    (r"ブラウザ[^。！？]{0,20}(?:古い|サポートされていません|対応していません)|"
    r"ブラウザ\w{0,4}(?:更新|アップデート)|javascript\s*(?:が|を)\s*(?:無効|有効)"),
)
_BROWSER_TRIGGERS = _words(
    "browser browsers browser-update browsehappy outdated-browser chrome explorer ie ie6 ie7 "
    "ie8 ie9 ie10 ie11 javascript js navigateur navegador przeglądarka przeglądarkę "
    "przeglądarki tarayıcınız tarayıcınızı браузер браузера браузере браузеров")
_BROWSER_SUBSTRINGS = ("浏览器", "ブラウザ", "javascript", "JavaScript")

# --- Cookie and consent notices.
_COOKIE = (
    (r"\bcookies?\b[^.!?]{0,60}\b(?:policy|settings|preferences|consent|notice|statement|"
    r"banner|declaration)\b"),
    (r"\b(?:we|this (?:web)?site|our (?:web)?site|it) (?:also )?(?:use|uses|store|stores|place|"
    r"places|set|sets)\b[^.!?]{0,40}\bcookies?\b"),
    (r"\b(?:use|usage) of cookies\b|\b(?:accept|allow|reject|decline|manage|customi[sz]e) "
    r"(?:all |our |the )?cookies\b"),
    (r"\bby (?:continuing|using|browsing|clicking)\b[^.!?]{0,80}\b(?:you (?:agree|consent|"
    r"accept)|agree to)\b"),
    (r"\b(?:we and our (?:partners|vendors)|our partners)\b[^.!?]{0,60}\b(?:store|access|process|"
    r"use)\b[^.!?]{0,60}\b(?:device|data|information)\b"),
    # The buttons of consent banners, as whole lines.
    _label(r"accept|accept all|reject all|manage (?:consent|options|preferences)|"
           r"cookie settings|got it|i agree|agree and close|alle akzeptieren|akzeptieren|"
           r"einverstanden|tout accepter|accepter|j.accepte|aceptar|acepto|aceitar|aceito|"
           r"accetta|accetto|accetta tutti|accepteren|alles accepteren|akkoord|принять|"
           r"akceptuję|zgadzam się|kabul et|同意|接受|同意する"),
    (r"\b(?:wir verwenden|verwendet|nutzt|nutzen|setzt|setzen)\b[^.!?]{0,40}\bcookies\b|"
    r"\bcookie-?(?:richtlinie|einstellungen|hinweis|banner)\b|\bcookies (?:akzeptieren|"
    r"zulassen|ablehnen)\b"),
    (r"\b(?:utilise|utilisons|utilisent)\b[^.!?]{0,40}\bcookies\b|\b(?:accepter|refuser|"
    r"paramétrer) (?:les |tous les )?cookies\b|\ben poursuivant votre navigation\b"),
    (r"\b(?:utiliza|utilizamos|usa|usamos|emplea|empleamos)\b[^.!?]{0,40}\bcookies\b|"
    r"\bpolítica de cookies\b|\b(?:aceptar|rechazar|configurar) (?:las |todas las )?cookies\b"),
    (r"\b(?:utilizza|utilizziamo|usa|usiamo)\b[^.!?]{0,40}\bcookie\b|\binformativa\b[^.!?]{0,20}"
    r"\bcookie\b|\bcookie policy\b|\b(?:accetta|rifiuta)(?:re)? (?:i |tutti i )?cookie\b"),
    (r"\b(?:utiliza|utilizamos|usa|usamos)\b[^.!?]{0,40}\bcookies\b|\bpolítica de cookies\b|"
    r"\b(?:aceitar|recusar) (?:os |todos os )?cookies\b"),
    (r"\b(?:gebruikt|gebruiken|maakt gebruik van|maken gebruik van)\b[^.!?]{0,40}\bcookies\b|"
    r"\bcookie-?(?:beleid|instellingen|verklaring)\b|\bcookies (?:accepteren|weigeren)\b"),
    r"\bфайл\w* cookie|\bиспольз\w+[^.!?]{0,40}(?:cookie|куки)",
    (r"\b(?:używa|używamy|wykorzystuje|wykorzystujemy)\b[^.!?]{0,40}\b(?:cookies|cookie|"
    r"ciasteczek)\b|\bpolityka (?:cookies|plików cookie)\b|\bpliki cookie\b"),
    r"\bçerez\w*\b[^.!?]{0,60}\b(?:kullan\w*|politika\w*|kabul\w*)\b",
    (r"(?:使用|接受|拒绝)\s*(?:cookie|cookies)|cookie\s*(?:政策|设置)|"
    r"(?:クッキー|cookie)\s*(?:を使用|の使用|ポリシー|を利用|の利用|設定)"),
)
_COOKIE_TRIGGERS = _words(
    "cookie cookies cookie-richtlinie cookie-einstellungen cookie-hinweis cookiebeleid "
    "cookie-beleid cookie-instellingen cookieverklaring ciasteczek куки çerez çerezler "
    "çerezleri çerezlerin continuing using browsing clicking partners vendors accept reject "
    "manage got agree akzeptieren alle einverstanden accepter tout j'accepte poursuivant "
    "aceptar acepto aceitar aceito accetta accetto accepteren alles akkoord")
_COOKIE_SUBSTRINGS = ("クッキー", "Cookie", "cookie")

# --- Navigation labels: a whole short line that names a place on the site.
_NAVIGATION = (
    _label(r"home(?: ?page)?|main menu|menu|navigation|toggle navigation|search|search for|"
           r"log ?in|log ?out|sign ?in|sign ?up|sign out|register|my account|account|"
           r"skip to (?:main )?(?:content|navigation)|jump to (?:main )?content|"
           r"back to top|(?:return|go) to top|top of page|next|previous|prev|"
           r"next (?:article|post|page|story)|previous (?:article|post|page|story)|"
           r"older posts|newer posts|sections|site map|sitemap|breadcrumbs?|you are here|"
           r"close|open|more|show more|load more|view all|see all|all (?:news|articles|stories)"),
    _label(r"startseite|hauptmenü|zum inhalt(?: springen)?|suche|suchen|anmelden|abmelden|"
           r"nach oben|zurück|weiter|mehr|mehr anzeigen|alle anzeigen|sie sind hier"),
    _label(r"accueil|menu principal|aller au contenu|rechercher|recherche|connexion|"
           r"se connecter|déconnexion|retour en haut|suivant|précédent|voir plus|voir tout|"
           r"vous êtes ici"),
    _label(r"inicio|portada|menú|menú principal|ir al contenido|saltar al contenido|buscar|"
           r"búsqueda|iniciar sesión|acceder|volver arriba|siguiente|anterior|ver más|"
           r"ver todo|cargar más"),
    _label(r"vai al contenuto|salta al contenuto|cerca|ricerca|accedi|esci|torna su|"
           r"torna all.inizio|successivo|precedente|mostra altro|vedi tutti|leggi tutto"),
    _label(r"início|página inicial|ir para o conteúdo|saltar para o conteúdo|pesquisar|"
           r"pesquisa|entrar|sair|voltar ao topo|próximo|seguinte|ver mais|ver tudo"),
    _label(r"naar de inhoud|ga naar (?:de )?inhoud|zoeken|inloggen|uitloggen|terug naar boven|"
           r"volgende|vorige|meer|toon meer|bekijk alles|hoofdmenu"),
    _label(r"главная|главная страница|меню|перейти к содержимому|поиск|найти|войти|выйти|"
           r"регистрация|наверх|далее|назад|ещё|еще|показать ещё|показать еще|все новости"),
    _label(r"strona główna|przejdź do treści|szukaj|wyszukaj|zaloguj(?: się)?|wyloguj|"
           r"do góry|następny|następna|poprzedni|poprzednia|więcej|pokaż więcej|zobacz wszystkie"),
    _label(r"ana ?sayfa|içeriğe (?:geç|atla)|ara|arama|giriş(?: yap)?|çıkış|üye ol|yukarı|"
           r"sonraki|önceki|daha fazla|tümünü gör|menü"),
    _label(r"首页|主页|跳到主要内容|跳转到内容|搜索|登录|注册|退出|返回顶部|上一篇|下一篇|更多|"
           r"导航|菜单|当前位置"),
    _label(r"ホーム|トップページ|メインコンテンツへ(?:スキップ|移動)|本文へ(?:スキップ|移動)|"
           r"検索|ログイン|ログアウト|新規登録|ページの先頭へ|トップへ戻る|前へ|次へ|もっと見る|"
           r"メニュー|現在位置"),
)
_NAVIGATION_TRIGGERS = _words(
    "home homepage menu navigation toggle search log login logout sign signin signup register "
    "account skip jump back return top next previous prev older newer sections sitemap "
    "breadcrumb breadcrumbs close open more load view see startseite hauptmenü zum suche "
    "suchen anmelden abmelden nach zurück weiter mehr alle sie accueil aller rechercher "
    "recherche connexion se déconnexion retour suivant précédent voir vous inicio portada "
    "menú ir saltar buscar búsqueda iniciar acceder volver siguiente anterior ver cargar vai "
    "salta cerca ricerca accedi esci torna successivo precedente mostra vedi leggi início "
    "página pesquisar pesquisa entrar sair voltar próximo seguinte naar ga zoeken inloggen "
    "uitloggen terug volgende vorige meer toon bekijk hoofdmenu главная меню перейти поиск "
    "найти войти выйти регистрация наверх далее назад ещё еще показать все strona przejdź "
    "szukaj wyszukaj zaloguj wyloguj następny następna poprzedni poprzednia więcej pokaż "
    "zobacz ana anasayfa içeriğe ara arama giriş çıkış üye yukarı sonraki önceki daha tümünü "
    "menü here map")
_NAVIGATION_SUBSTRINGS = ("首页", "主页", "跳", "搜索", "登录", "注册", "退出", "返回", "篇",
                          "更多", "导航", "菜单", "位置", "ホーム", "トップ", "スキップ", "本文へ",
                          "検索", "ログ", "登録", "先頭", "前へ", "次へ", "もっと", "メニュー")

# --- Share and follow prompts.
_SHARE = (
    _label(r"share|shares|share this|share this (?:article|story|post|page)|share on \w+|"
           r"share via \w+|share to \w+|share article|tweet|tweet this|pin it|email|e-mail|"
           r"email this|print|print this|copy link|copy url|link copied|whatsapp|facebook|"
           r"twitter|linkedin|pinterest|reddit|telegram|instagram|youtube|tiktok|flipboard|"
           r"rss|x|messenger|tumblr|vk|xing|line|weibo|wechat|qq|mix|pocket|threads|bluesky|"
           r"mastodon|snapchat|google\+|sms|copy|like|comment|comments|social"),
    (r"^\W*(?:follow|like|find|join|connect with|subscribe to) (?:us|@?[\w.&'’-]+(?: [\w.&'’-]+)?)"
    r" (?:on|via|at) (?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|pinterest|"
    r"flipboard|rss|telegram|whatsapp|threads|bluesky|mastodon|social media|google news)\b"),
    (r"^\W*(?:share (?:this|on|via|to|with|article|story|post|page|the)|spread the word|"
    r"tell a friend)\b[^.!?]{0,40}$"),
    r"^\W*follow (?:us|me)\b",
    _label(r"teilen|artikel teilen|auf \w+ teilen|drucken|folgen sie uns(?: auf \w+)?|folge uns"),
    _label(r"partager|partager (?:sur|par) \w+|partagez|imprimer|suivez-nous(?: sur \w+)?|"
           r"envoyer par e-?mail"),
    _label(r"compartir|compartir en \w+|comparte|imprimir|síguenos(?: en \w+)?|"
           r"enviar por (?:e-?mail|correo)"),
    _label(r"condividi|condividi su \w+|stampa|seguici(?: su \w+)?|invia per e-?mail"),
    _label(r"compartilhar|compartilhe|partilhar|partilhe|imprimir|siga-nos(?: no \w+)?|"
           r"compartilhar no \w+"),
    _label(r"delen|deel(?: dit| dit artikel)?|delen op \w+|afdrukken|printen|volg ons(?: op \w+)?"),
    _label(r"поделиться|поделиться в \w+|поделитесь|печать|распечатать|"
           r"подписывайтесь на нас(?: в \w+)?|мы в соцсетях"),
    _label(r"udostępnij|udostępnij na \w+|podziel się|drukuj|obserwuj nas(?: na \w+)?"),
    _label(r"paylaş|paylaşın|\w+(?:'?da|'?ta|'?de|'?te) paylaş|yazdır|bizi takip edin"),
    _label(r"分享(?:到\w*)?|转发|打印|关注我们|微信|微博|シェア|シェアする|共有|共有する|"
           r"ツイート|いいね|フォローする|印刷|はてなブックマーク"),
)
_SHARE_TRIGGERS = _words(
    "share shares sharing tweet pin email e-mail print copy link whatsapp facebook twitter "
    "linkedin pinterest reddit telegram instagram youtube tiktok flipboard rss x messenger "
    "tumblr vk xing line weibo wechat qq mix pocket threads bluesky mastodon snapchat google "
    "sms like comment comments social follow find join connect subscribe spread tell teilen "
    "drucken folgen folge partager partagez imprimer suivez envoyer compartir comparte "
    "imprimir síguenos enviar condividi stampa seguici invia compartilhar compartilhe "
    "partilhar partilhe siga delen deel afdrukken printen volg поделиться поделитесь печать "
    "распечатать подписывайтесь мы udostępnij podziel drukuj obserwuj paylaş paylaşın yazdır "
    "bizi")
_SHARE_SUBSTRINGS = ("分享", "转发", "打印", "关注", "微信", "微博", "シェア", "共有", "ツイート",
                     "いいね", "フォロー", "印刷", "ブックマーク")

# --- Related links: headings of lists of other articles, and "read more" links.
_RELATED = (
    _label(r"related|related (?:articles?|posts?|stories|story|news|content|coverage|topics|"
           r"links|videos?)|read (?:more|also|next)|also read|see also|more (?:from|on|about|"
           r"in) [\w\s]{1,40}|more (?:stories|news|articles|headlines)|more like this|"
           r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|recommended(?: for you)?|"
           r"most (?:read|popular|viewed|shared|commented|emailed)|trending(?: now| stories)?|"
           r"top stories|popular (?:posts|stories|articles)|latest (?:news|stories|posts|"
           r"articles)|editor.s picks|don.t miss|what to read next|up next|keep reading|"
           r"continue reading|recent posts|further reading|in other news|around the web|"
           r"from the web|promoted stories|sponsored stories|(?:\w+ )?headlines"),
    _label(r"das könnte sie (?:auch )?interessieren|mehr zum thema|lesen sie (?:auch|mehr)|"
           r"auch interessant|weitere (?:artikel|beiträge|nachrichten|themen)|meistgelesen|"
           r"ähnliche (?:artikel|beiträge)|weiterlesen|mehr lesen|empfehlungen"),
    _label(r"à lire (?:aussi|également)|lire (?:aussi|la suite|plus)|articles (?:similaires|"
           r"liés|associés)|sur le même (?:sujet|thème)|les plus lus|à voir aussi|voir aussi|"
           r"dans la même rubrique|derniers articles"),
    _label(r"te puede interesar|(?:noticias|artículos) relacionad[oa]s|lee también|"
           r"lea también|lo más (?:leído|visto)|más noticias|leer más|seguir leyendo|"
           r"también te puede interesar|ver también"),
    _label(r"leggi anche|articoli correlati|potrebbe interessarti|i più letti|"
           r"leggi (?:tutto|di più)|continua a leggere|altre notizie|ti potrebbe interessare"),
    _label(r"leia (?:também|mais)|veja também|(?:notícias|artigos) relacionad[oa]s|"
           r"mais lidas|mais notícias|continue lendo|continuar a ler|saiba mais"),
    _label(r"lees (?:ook|meer|verder)|gerelateerde (?:artikelen|berichten)|meest gelezen|"
           r"meer nieuws|bekijk ook|ook interessant"),
    _label(r"читайте (?:также|еще|ещё)|похожие (?:статьи|новости|материалы)|"
           r"новости по теме|самое (?:читаемое|популярное)|читать далее|подробнее|"
           r"другие новости|по теме"),
    _label(r"czytaj (?:też|także|więcej|dalej)|zobacz (?:też|także)|podobne artykuły|"
           r"najczęściej czytane|polecane|więcej informacji"),
    _label(r"ilgili haberler|bunlar da ilginizi çekebilir|en çok okunan(?:lar)?|"
           r"devamını oku|benzer haberler|daha fazla haber"),
    _label(r"相关(?:文章|阅读|新闻|推荐)|热门(?:文章|新闻)|推荐阅读|延伸阅读|阅读更多|阅读全文|"
           r"関連記事|関連ニュース|人気記事|あわせて読みたい|おすすめ記事|続きを読む|もっと読む"),
)
_RELATED_TRIGGERS = _words(
    "related read also see more recommended most trending top popular latest editor's editors "
    "don't dont keep continue recent further around promoted sponsored headlines das mehr "
    "lesen auch weitere meistgelesen ähnliche weiterlesen empfehlungen à lire articles sur "
    "les voir dans derniers te noticias artículos lee lea lo más leer seguir también leggi "
    "articoli potrebbe i altre continua ti leia veja notícias artigos mais continue continuar "
    "saiba lees gerelateerde meest meer bekijk ook читайте похожие новости самое читать "
    "подробнее другие по czytaj zobacz podobne najczęściej polecane więcej ilgili bunlar en "
    "devamını benzer daha other web miss stories news")
_RELATED_SUBSTRINGS = ("相关", "热门", "推荐", "延伸", "阅读", "関連", "人気", "あわせて",
                       "おすすめ", "続き", "もっと")

# --- Legal footers: copyright lines, terms, privacy and imprint links.
_LEGAL = (
    r"(?:©|\(c\)|&copy;|\bcopyright\b)\s*(?:\d{4}|[\w.,&'’ -]{2,60}\d{4})",
    r"^\W*(?:©|copyright\b)",
    (r"\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|"
    r"\btodos los derechos reservados\b|\btutti i diritti riservati\b|"
    r"\btodos os direitos reservados\b|\balle rechten voorbehouden\b|\bвсе права защищены\b|"
    r"\bwszelkie prawa zastrzeżone\b|\btüm hakları saklıdır\b|版权所有|著作権|無断転載|"
    r"\ball rights? reserved\b"),
    _label(r"(?:privacy|cookie) (?:policy|notice|statement|settings)|privacy|terms|"
           r"terms (?:of|and) (?:use|service|conditions)|terms & conditions|legal(?: notice)?|"
           r"disclaimer|imprint|accessibility(?: statement)?|contact(?: us)?|about(?: us)?|"
           r"advertise(?: with us)?|careers|jobs|faq|help|press|corrections|ad ?choices|"
           r"your (?:california )?privacy (?:rights|choices)|do not sell my (?:personal )?"
           r"info(?:rmation)?|powered by [\w. ]{2,40}"),
    _label(r"impressum|datenschutz(?:erklärung|hinweise)?|nutzungsbedingungen|agb|kontakt|"
           r"über uns|mentions légales|politique de confidentialité|conditions (?:générales )?"
           r"d.utilisation|nous contacter|qui sommes-nous|aviso legal|política de privacidad|"
           r"términos (?:y condiciones|de uso)|contacto|quiénes somos|note legali|"
           r"privacy policy|termini (?:e condizioni|di (?:uso|servizio))|contatti|chi siamo|"
           r"política de privacidade|termos de (?:uso|serviço)|fale conosco|quem somos|"
           r"privacybeleid|privacyverklaring|algemene voorwaarden|over ons|"
           r"политика конфиденциальности|пользовательское соглашение|контакты|о нас|"
           r"polityka prywatności|regulamin|kontakt|o nas|gizlilik politikası|"
           r"kullanım koşulları|iletişim|hakkımızda|künye|隐私政策|使用条款|联系我们|关于我们|"
           r"免责声明|プライバシーポリシー|利用規約|お問い合わせ|会社概要|運営会社"),
)
_LEGAL_TRIGGERS = _words(
    "© (c) &copy; copyright reserved rechte droits derechos diritti direitos rechten права "
    "prawa hakları privacy cookie terms legal disclaimer imprint accessibility contact about "
    "advertise careers jobs faq help press corrections ad adchoices powered impressum "
    "datenschutz datenschutzerklärung datenschutzhinweise nutzungsbedingungen agb kontakt "
    "über mentions politique conditions nous qui aviso política términos contacto quiénes "
    "note termini contatti chi termos fale quem privacybeleid privacyverklaring algemene "
    "политика пользовательское контакты о polityka regulamin gizlilik kullanım iletişim "
    "hakkımızda künye sell ons us")
_LEGAL_SUBSTRINGS = ("©", "版权", "隐私", "条款", "联系我们", "关于我们", "免责", "著作権",
                     "無断転載", "プライバシー", "利用規約", "お問い合わせ", "会社概要", "運営")

# --- Subscription, newsletter, membership and donation prompts.
_SUBSCRIBE = (
    (r"\b(?:subscribe|sign up|signup|register|join)\b[^.!?]{0,40}\b(?:newsletters?|mailing list|"
    r"alerts|updates|digest|briefing|inbox|for free|today|now|to (?:our|the))\b"),
    (r"\bnewsletters?\b|\bin your inbox\b|\benter your e-?mail(?: address)?\b|"
    r"\byour e-?mail address\b|\bdelivered (?:straight )?to your inbox\b"),
    (r"\balready (?:a subscriber|have an account|registered)\b|\bsubscribers? only\b|"
    r"\bbecome a (?:member|subscriber|supporter|patron)\b|\bsupport (?:our|independent|quality)"
    r" journalism\b|\b(?:free )?trial\b[^.!?]{0,30}\bsubscri\w+|\bunlimited (?:digital )?access\b"),
    _label(r"subscribe(?: now| today| here)?|sign up(?: now| today)?|donate(?: now)?|"
           r"contribute|support us|become a member|join(?: now| us)?|get the app|"
           r"download (?:the|our) app"),
    (r"\b(?:abonnieren|jetzt abonnieren|abonnement|abo abschließen)\b|\bnewsletter "
    r"(?:bestellen|anmelden|abonnieren)\b|\bmelden sie sich\b[^.!?]{0,40}\ban\b"),
    (r"\b(?:abonnez-vous|s.abonner|abonnement)\b|\binscrivez-vous\b|\bnotre lettre "
    r"d.information\b"),
    r"\b(?:suscríbete|suscribirse|suscripción|suscríbase)\b|\bboletín\b|\bregístrate\b",
    r"\b(?:iscriviti|abbonati|abbonamento)\b",
    r"\b(?:assine|assinatura|inscreva-se|cadastre-se)\b",
    r"\b(?:abonneer|abonnement|schrijf je in|meld je aan)\b|\bnieuwsbrief\b",
    r"\b(?:подпишитесь|подписаться|подписка)\b|\bрассылк\w+",
    r"\b(?:zapisz się|subskrybuj|subskrypcja|prenumerata)\b",
    r"\b(?:abone ol|abonelik|bülten\w*)\b",
    r"订阅|订阅号|注册账号|邮件列表|購読|メルマガ|メールマガジン|会員登録|ニュースレター",
)
_SUBSCRIBE_TRIGGERS = _words(
    "subscribe sign signup register join newsletter newsletters inbox enter email e-mail "
    "delivered already subscriber subscribers become support trial unlimited donate "
    "contribute download abonnieren jetzt abonnement abo melden abonnez-vous s'abonner "
    "inscrivez-vous notre suscríbete suscribirse suscripción suscríbase boletín regístrate "
    "iscriviti abbonati abbonamento assine assinatura inscreva-se cadastre-se abonneer "
    "schrijf meld nieuwsbrief подпишитесь подписаться подписка рассылки рассылку рассылка "
    "zapisz subskrybuj subskrypcja prenumerata abone abonelik bülten bültenimize bültene app")
_SUBSCRIBE_SUBSTRINGS = ("订阅", "注册", "邮件", "購読", "メルマガ", "メールマガジン", "会員",
                         "ニュースレター")

# --- Advertising labels.
_ADVERTISING = (
    _label(r"advertisement|advertising|advert|ad|ads|sponsored(?: content| post| links?)?|"
           r"paid (?:content|post|partnership)|promoted(?: content)?|partner content|"
           r"anzeige|werbung|publicité|publicidad|pubblicità|publicidade|advertentie|"
           r"реклама|reklama|reklam|广告|広告|スポンサー(?:リンク)?|pr"),
    (r"^\W*(?:advertisement|anzeige|werbung|publicité|publicidad|pubblicità|реклама)\b[\W\d]*"
    r"(?:continue reading|scroll to continue|weiterlesen|below|ci-dessous)?"),
)
_ADVERTISING_TRIGGERS = _words(
    "advertisement advertising advert ad ads sponsored paid promoted partner anzeige werbung "
    "publicité publicidad pubblicità publicidade advertentie реклама reklama reklam pr")
_ADVERTISING_SUBSTRINGS = ("广告", "広告", "スポンサー")

# --- Comment prompts and counters.
_COMMENT = (
    _label(r"(?:\d+ )?comments?|leave a (?:comment|reply)|add (?:a|your) comment|"
           r"post a comment|join the (?:discussion|conversation)|view comments|show comments|"
           r"reply|replies|log in to comment|be the first to comment|no comments(?: yet)?|"
           r"(?:\d+ )?kommentare?|kommentar schreiben|kommentieren|commentaires?|laisser un "
           r"commentaire|réagir|comentarios?|deja (?:un|tu) comentario|comentar|commenti|"
           r"commenta|lascia un commento|comentários?|deixe (?:um|seu) comentário|"
           r"reacties?|reageer|plaats een reactie|комментари[йяи]|оставить комментарий|"
           r"komentarze?|dodaj komentarz|yorumlar|yorum yap|yorum|评论|发表评论|コメント|"
           r"コメントする"),
    # A comment's header: "Alex on September 17, 2018 at 6:34 am said:", "Jane says:".
    (r"^\W*[^\W\d_][\w .'’()-]{0,40}\s(?:on|at|am|le|el|il|em|op|в)\s[^.!?]{4,50}\s"
     r"(?:said|says|wrote|commented|replied|schrieb|sagte|a écrit|escribió|dijo|ha scritto|"
     r"escreveu|disse|schreef|zei|написал|написала|napisał|napisała|dedi|yazdı)\s*:?\s*$"),
    (r"^\W*[^\W\d_][\w .'’()-]{0,40}\s(?:says|said|wrote|replied|sagt|schreibt|dit|dice|"
     r"diz|zegt|пишет|pisze|diyor)\s*:\s*$"),
    (r"\byou must be logged in to post a comment\b|\bcomments? (?:are|is) closed\b|"
    r"\byour email address will not be published\b|\brequired fields are marked\b"),
)
_COMMENT_TRIGGERS = _words(
    "said says wrote commented replied schrieb sagte écrit escribió dijo scritto escreveu disse "
    "schreef zei написал написала napisał napisała dedi yazdı sagt schreibt dit dice diz zegt "
    "пишет pisze diyor "
    "comment comments leave add join view reply replies log required kommentar kommentare "
    "kommentieren commentaire commentaires laisser réagir comentario comentarios deja "
    "comentar commenti commenta lascia comentário comentários deixe reactie reacties reageer "
    "plaats комментарий комментария комментарии оставить komentarz komentarze dodaj yorumlar "
    "yorum logged first")
_COMMENT_SUBSTRINGS = ("评论", "コメント")

# --- Image credits and captions that name a source, not the story.
_IMAGE_CREDIT = (
    (r"^\W*(?:image|photo|picture|video|graphic|illustration|foto|bild|fotografía|fotografia|"
    r"crédito|credit|credits|source|quelle|фото|zdjęcie|görsel|图片|写真)s?(?: credits?| by)?"
    r"\s*[:/|©]"),
    (r"^\W*(?:photo|image|picture|foto|bild)(?:graph)?s? (?:by|courtesy(?: of)?|via|von|de|di|"
    r"par|door)\b[^.!?]{0,60}$"),
    r"\((?:photo|image|picture|foto)s? (?:by|courtesy|credit)\b[^)]{0,80}\)\s*$",
    (r"[/|]\s*(?:getty images|shutterstock|istock(?:photo)?|afp|reuters|ap|ap photo|dpa|epa)"
    r"\b[^.!?]{0,20}$"),
)
_IMAGE_CREDIT_TRIGGERS = _words(
    "image images photo photos picture pictures video graphic illustration foto fotos bild "
    "bilder fotografía fotografia crédito credit credits source quelle фото zdjęcie görsel "
    "photograph photographs getty shutterstock istock istockphoto afp reuters ap dpa epa")
_IMAGE_CREDIT_SUBSTRINGS = ("图片", "写真")


# The longest line each kind fits, in characters: measured on the benchmark pages, the
# longest cookie notice was 560 characters and the longest CMS or browser notice 240; labels
# (navigation, share, related, comment, advertising) are a few words.
MAX_LABEL_CHARS = 80
_KINDS: tuple[tuple[str, tuple[str, ...], frozenset[str], tuple[str, ...], int], ...] = (
    (CMS_MESSAGE, _CMS, _CMS_TRIGGERS, _CMS_SUBSTRINGS, 400),
    (BROWSER_NOTICE, _BROWSER, _BROWSER_TRIGGERS, _BROWSER_SUBSTRINGS, 400),
    (COOKIE_NOTICE, _COOKIE, _COOKIE_TRIGGERS, _COOKIE_SUBSTRINGS, 800),
    (SUBSCRIBE_PROMPT, _SUBSCRIBE, _SUBSCRIBE_TRIGGERS, _SUBSCRIBE_SUBSTRINGS, 300),
    (LEGAL_FOOTER, _LEGAL, _LEGAL_TRIGGERS, _LEGAL_SUBSTRINGS, 200),
    (COMMENT_PROMPT, _COMMENT, _COMMENT_TRIGGERS, _COMMENT_SUBSTRINGS, 120),
    (ADVERTISING, _ADVERTISING, _ADVERTISING_TRIGGERS, _ADVERTISING_SUBSTRINGS, 60),
    (IMAGE_CREDIT, _IMAGE_CREDIT, _IMAGE_CREDIT_TRIGGERS, _IMAGE_CREDIT_SUBSTRINGS, 160),
    (SHARE_PROMPT, _SHARE, _SHARE_TRIGGERS, _SHARE_SUBSTRINGS, MAX_LABEL_CHARS),
    (RELATED_LINKS, _RELATED, _RELATED_TRIGGERS, _RELATED_SUBSTRINGS, MAX_LABEL_CHARS),
    (NAVIGATION, _NAVIGATION, _NAVIGATION_TRIGGERS, _NAVIGATION_SUBSTRINGS, MAX_LABEL_CHARS),
)
KINDS: tuple[str, ...] = tuple(kind for kind, *_ in _KINDS)
MAX_CUE_CHARS = max(max_chars for *_, max_chars in _KINDS)


# Prompts: newsletter and subscription plugs, share and follow prompts, advertising
# labels. Not comment prompts: "Someone wrote:" opens quotations in articles too.
PROMPT_KINDS = frozenset({SUBSCRIBE_PROMPT, SHARE_PROMPT, ADVERTISING})
PROMPT_CHARS = max(most for kind, *_, most in _KINDS if kind in PROMPT_KINDS)


def _prompt_words() -> dict[str, int]:
    """The prompts' trigger words, each with the longest line in which it may start one."""
    found: dict[str, int] = {}
    for kind, _, triggers, _, most in _KINDS:
        if kind in PROMPT_KINDS:
            for word in triggers:
                found[word] = max(found.get(word, 0), most)
    return found


# A line can be a prompt only if one of these (all made of letters) is a run of letters in
# it, or if it is written in a script the prompts' substrings cover (WIDE_RANGES): the
# extractor's C screen (native.prompt_screen) sends only such lines to prompt_kind.
PROMPT_WORDS = _prompt_words()


# Kinds specific enough to remove a line whatever else the line looks like: their patterns
# describe messages no article paragraph is made of. Legal footers too: of the 4,589 lines
# named so on the 920 benchmark pages flattened, 89 are the truth's (labels such as "FAQ",
# credits such as "(c) Reuters"), and removing them all left the k-fold F1 of every set as
# it was (issue 15); without it, the model trained on modern-web's short pages kept a
# copyright line below a short article.
STRONG_KINDS = frozenset({CMS_MESSAGE, BROWSER_NOTICE, COOKIE_NOTICE, LEGAL_FOOTER})


_LETTERS = re.compile(r"[^\W\d_]+")
_ESCAPE = re.compile(r"\\[a-zA-Z]")  # \b, \w, \s: not words of the pattern
_STEM = re.compile(r"[^\W\d_]\\w")  # a stem followed by more word characters


def _compile_labels(alternatives: tuple[str, ...]) -> Caseless | None:
    labels = [a.removeprefix(_LABEL_MARK) for a in alternatives if a.startswith(_LABEL_MARK)]
    if not labels:
        return None
    return Caseless.compile(f"{_AROUND_LABEL}(?:{_join(*labels)}){_AROUND_LABEL}")


def _rule(source: str, triggers: frozenset[str]) -> Rule:
    """A rule whose own triggers are the cue's trigger words written in its pattern; a
    pattern with stems (`çerez\\w*`) matches words no list holds, so it gets none."""
    own = frozenset(_LETTERS.findall(_ESCAPE.sub(" ", source).lower())) & triggers
    if _STEM.search(source):
        own = frozenset()
    return Rule(own, _WIDE.search(source) is not None, Caseless.compile(source))


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    """All cues, compiled on first use so that `import dechaff` stays cheap."""
    return tuple(_cue(*entry) for entry in _KINDS)


@lru_cache(maxsize=1)
def _prompt_cues() -> tuple[Cue, ...]:
    """The cues of PROMPT_KINDS alone: the extractor needs no other, and compiling all
    would cost it a quarter of a second."""
    return tuple(_cue(*entry) for entry in _KINDS if entry[0] in PROMPT_KINDS)


def _cue(kind: str, patterns: tuple[str, ...], triggers: frozenset[str],
         substrings: tuple[str, ...], max_chars: int) -> Cue:
    return Cue(kind, triggers, substrings, _compile_labels(patterns),
               tuple(_rule(a, triggers) for a in patterns if not a.startswith(_LABEL_MARK)),
               max_chars)


@lru_cache(maxsize=2)
def _trigger_index(min_chars: int = 0) -> dict[str, frozenset[str]]:
    """Trigger words to the kinds they may start, for cues that fit lines of `min_chars`."""
    index: dict[str, set[str]] = {}
    for cue in cues():
        if cue.max_chars >= min_chars:
            for word in cue.triggers:
                index.setdefault(word, set()).add(cue.kind)
    return {word: frozenset(kinds) for word, kinds in index.items()}


# Characters of the scripts whose cues are matched as substrings (kana, CJK ideographs,
# Hangul) and "©": a line holding one is looked at even without a trigger word.
WIDE_RANGES = ((0x3040, 0x30FF), (0x3400, 0x9FFF), (0xAC00, 0xD7AF), (0xA9, 0xA9))
_WIDE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in WIDE_RANGES) + "]")


def is_wide(line: str) -> bool:
    """Whether a line holds characters of the scripts cues match by substring (CJK, ©)."""
    return not line.isascii() and _WIDE.search(line) is not None


def kind_of(line: str, line_words: list[str]) -> str | None:
    """The first chaff kind whose patterns match `line`, given its lower-case words."""
    return kinds_of([line], [line_words])[0]


def kinds_of(lines: list[str], words: list[list[str]]) -> list[str | None]:
    """`kind_of` for many lines at once; lines longer than any cue fits are skipped, and a
    line met again is not looked at again (menus repeat their lines)."""
    # Lines longer than a label are looked up among the words of the longer cues only:
    # the labels' words ("more", "home", "share") are common in prose.
    short_index, long_index = _trigger_index(), _trigger_index(MAX_LABEL_CHARS + 1)
    out: list[str | None] = []
    found: dict[str, str | None] = {}
    for line, line_words in zip(lines, words, strict=True):
        if line in found:
            out.append(found[line])
            continue
        index = short_index if len(line) <= MAX_LABEL_CHARS else long_index
        wide = is_wide(line)
        if len(line) > MAX_CUE_CHARS or (not wide and index.keys().isdisjoint(line_words)):
            out.append(None)  # most lines: no cue word at all
        else:
            found[line] = _match(line, line_words, wide, index)
            out.append(found[line])
    return out


def prompt_kind(line: str) -> str | None:
    """The first of PROMPT_KINDS whose patterns match the line: `kind_of` with the
    prompts' cues alone, so a line that is also another kind's is still named."""
    if len(line) > PROMPT_CHARS:
        return None
    line_words = set(words(line))
    wide = is_wide(line)
    lower = line.lower() if line.isascii() else None
    for cue in _prompt_cues():
        if ((not cue.triggers.isdisjoint(line_words)
             or (wide and any(part in line for part in cue.substrings)))
                and cue.matches(line, lower, line_words, wide)):
            return cue.kind
    return None


def _match(line: str, line_words: list[str], wide: bool,
           index: dict[str, frozenset[str]]) -> str | None:
    candidates = {kind for word in line_words if word in index for kind in index[word]}
    if wide:
        candidates.update(cue.kind for cue in cues()
                          if any(part in line for part in cue.substrings))
    if not candidates:
        return None
    wordset = set(line_words)
    lower = line.lower() if line.isascii() else None
    for cue in cues():  # in the order of _KINDS: the most specific kinds first
        if cue.kind in candidates and cue.matches(line, lower, wordset, wide):
            return cue.kind
    return None


# Function words of the languages above: articles, prepositions, pronouns, auxiliaries and
# conjunctions. Prose is a third to a half function words in all of them; menus, labels
# and headlines have few.
FUNCTION_WORDS = _words(
    # en
    "the a an and or but of to in on at for with by from as is are was were be been being has "
    "have had it its this that these those he she they we you his her their our not no will "
    "would can could should said which who what when where there than then also about into "
    "after over more been if so up out one all do does did "
    # de
    "der die das den dem des ein eine einer eines einem einen und oder aber von zu zum zur im "
    "am auf für mit bei aus ist sind war waren wird werden wurde hat haben nicht sich es er "
    "sie wir ich auch dass als wie nach noch nur so vor über durch um "
    # fr
    "le la les un une des du de et ou mais au aux en dans sur pour par avec est sont était "
    "été ont il elle ils elles nous vous je ne pas que qui ce cette se sa son ses leur plus "
    "comme été aussi "
    # es, pt, it
    "el los las unos unas del y pero al con por para es son era fue ha han su sus lo como "
    "más le les este esta o os as um uma do da dos das em no na nos nas com é são foi ser tem "
    "não ao seu sua il lo gli di della dei delle e ma alla per è sono stato hanno si che non "
    "anche questo questa nel nella "
    # nl
    "het een en van op aan voor met door uit zijn wordt worden heeft hebben niet dat die dit "
    "er ook maar bij naar "
    # ru
    "и в во не на с со что как а но по к из у за от до о об это он она они мы вы я был была "
    "были быть его ее её их для же так уже при "
    # pl
    "w we z ze na do nie się że to jest są był była było jak ale od po przez dla jego jej "
    "ich co tak także oraz "
    # tr
    "ve bir bu da de ile için gibi çok daha olarak olan ama ya değil ise kadar sonra her")

# A byline: a marker ("By", "Von", "Par", "Автор:"...) and a name of a few capitalised words.
_BYLINE_MARKERS = (
    r"(?:by|written by|posted by|words by|story by|reported by|reporting by|text by|"
    r"von|ein beitrag von|text von|par|publié par|por|escrito por|publicado por|di|a cura di|"
    r"scritto da|door|geschreven door|autor|autorka|auteur|autore|author|yazar|haber|"
    r"автор|текст|作者|文|记者|著者|筆者|記者|文責)")
_BYLINE = re.compile(rf"^\W*{_BYLINE_MARKERS}\s*(?:[:：/|]\s*)?(?P<name>.+)$", re.IGNORECASE)
# The start of every line that `byline_name` may accept, in lower-case text where each line
# follows a line break: one search of a page's lines finds the few worth calling it on
# (without IGNORECASE and with a literal first character, four times faster).
BYLINE_STARTS = re.compile(rf"\n[^\w\n]*{_BYLINE_MARKERS}")
# Where a name in a byline ends: a separator, a digit (a date), or "on"/"am"/"le"/... before
# a date, or "|" before a section.
_NAME_END = re.compile(r"\s*(?:[|,·•–—(\[/]|\d|\s(?:on|at|am|le|el|em|il|op|updated|"
                       r"published|posted|aktualisiert|veröffentlicht|publié|publicado)\s)")
# Words a name may hold in lower case ("Jan de Vries", "Smith and Jones").
_NAME_JOINERS = _words("and und et y e i en и ve de van von der den da di du la le al bin ibn "
                       "del dos das")
MAX_NAME_WORDS = 6
_CASELESS = re.compile(r"[\u0600-\u06ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


# The first words of the markers above, to skip the pattern on lines that start otherwise.
_BYLINE_FIRST = _words("by written posted words story reported reporting text von ein par "
                       "publié por escrito publicado di a scritto door geschreven autor "
                       "autorka auteur autore author yazar haber автор текст") | {"a"}
_BYLINE_WIDE = ("作者", "文", "记者", "著者", "筆者", "記者")
_LEADING = " \t-–—•·*|»>:(["


def byline_name(line: str) -> str | None:
    """The author's name in a byline such as "By Jane Doe | 3 May 2020", or None."""
    head = line[:MAX_NAME_WORDS * 8].lstrip(_LEADING)
    first = head.split(None, 1)[0].lower().rstrip(":：") if head else ""
    if first not in _BYLINE_FIRST and not head.startswith(_BYLINE_WIDE):
        return None
    match = _BYLINE.match(line)
    if match is None:
        return None
    name = _NAME_END.split(match.group("name"), maxsplit=1)[0].strip(" .:-")
    parts = name.split()
    if not 0 < len(parts) <= MAX_NAME_WORDS:
        return None
    if _CASELESS.match(name):
        return name
    names = [p for p in parts if p.lower() not in _NAME_JOINERS]
    return name if names and all(p[0].isupper() or not p[0].isalpha() for p in names) else None
