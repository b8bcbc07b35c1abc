/* ct-demo-words.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The invented Dutch content of the demo team: names, streets,
 * organisations and what a case team writes. Every person, street and
 * organisation is made up; the streets are named after the parts of a
 * sundial so that no address is a real one. This is data, not interface
 * text, so nothing here is translated. */

#include "config.h"

#include "ct-demo-private.h"

const char * const ct_demo_female_names[] = {
  "Anouk", "Sanne", "Fleur", "Lotte", "Eva", "Iris", "Noor", "Fenna", "Maud", "Lisa",
  "Esther", "Monique", "Ingrid", "Petra", "Yvonne", "Sandra", "Marieke", "Fatima", "Samira",
  "Naima", "Yasmina", "Ayla", "Elif", "Priya", "Chantal", "Desiree", "Jolanda", "Wilma",
  "Femke", "Roos", NULL,
};

const char * const ct_demo_male_names[] = {
  "Daan", "Bram", "Luuk", "Thijs", "Jeroen", "Mark", "Dennis", "Patrick", "Ronald", "Erik",
  "Kees", "Henk", "Willem", "Sven", "Rik", "Mohamed", "Youssef", "Ahmed", "Mehmet", "Emre",
  "Kofi", "Rajesh", "Stefan", "Marco", "Ricardo", "Jordy", "Kevin", "Niels", "Gerrit", "Tim",
  NULL,
};

const char * const ct_demo_surnames[] = {
  "Jansen", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
  "Brouwer", "Dijkstra", "Koster", "Prins", "Kramer", "Willems", "Hoekstra", "Postma",
  "Kuipers", "Schouten", "Verhoeven", "Veenstra", "Timmermans", "Evers", "Wolters", "Kok",
  "Bakker", "Verbeek", "Lammers", "Claassen", "El Amrani", "Bouzid", "Yilmaz", "Kaya", "Demir",
  "Ramdin", "Sewdien", "Martina", "Pinas", "Asante", "Nowak", "Kowalski", "Haddou", "Tahiri",
  "Groen", "Zwart", "Blom", "Goossens", "Wouters", "Maas", "Ververs", "Scholten", "Huisman",
  "Hoogland", "Jacobs", "Pieters", "Stam", "Rutten", "Gerritsen", "Molenaar", NULL,
};

const char * const ct_demo_tussenvoegsels[] = {
  "van", "de", "van der", "van den", "van de", "ter", "in 't", NULL,
};

const char * const ct_demo_stems[] = {
  "Berg", "Meer", "Velde", "Wal", "Broek", "Heuvel", "Laan", "Brink", "Graaf", "Bosch",
  "Vliet", "Horst", NULL,
};

const CtDemoArea ct_demo_areas[CT_DEMO_N_AREAS] = {
  { "Centrum", "1211,1212", { "Zonnewijzerplein", "Gnomonstraat", "Uurlijnhof", "Middaglijn" } },
  { "Noord", "1213,1214", { "Poolsterhof", "Zenitstraat", "Schaduwlaan", "Noorderkimweg" } },
  { "Oost", "1215,1216", { "Dageraadweg", "Ochtendgloren", "Equinoxlaan", "Zonnestraal" } },
  { "Zuid", "1217,1218", { "Middagzon", "Zomertijdstraat", "Wintertijdpad", "Schemerlaan" } },
};

/* In the order of ct_zrm_domains[]. */
const CtDemoDomain ct_demo_domains[CT_ZRM_N_DOMAINS] = {
  { "oplopende schulden bij meerdere schuldeisers",
    "De schulden zijn in beeld en er is een stabiele betalingsregeling",
    { "Aanmelden bij schuldhulpverlening en intakegesprek plannen",
      "Beslagvrije voet laten herberekenen en vaste lasten op orde brengen" },
    "schuldhulpverlening", CT_ROLE_SCHULDHULPVERLENING },
  { "geen werk of opleiding en weinig perspectief daarop",
    "Een passende plek in werk, leerwerktraject of opleiding",
    { "Gesprek met werkcoach over een leerwerktraject",
      "Inschrijven voor de taal- en beroepsoriëntatie" },
    "werk_inkomen", CT_ROLE_WERK_INKOMEN },
  { "geen vaste dagbesteding of dagritme",
    "Een vast dagritme met minstens drie dagdelen dagbesteding",
    { "Kennismaken bij dagbesteding in de wijk",
      "Vrijwilligerswerk zoeken via het vrijwilligerspunt" },
    "wijkteam", CT_ROLE_MAATSCHAPPELIJK_WERK },
  { "huurachterstand en dreigende ontruiming",
    "Het huishouden houdt de woning en de huur wordt betaald",
    { "Afspraak met de woningcorporatie over een betalingsregeling voor de huurachterstand",
      "Ontruiming aanhouden zolang het plan loopt" },
    "woningcorporatie", CT_ROLE_HUISVESTING },
  { "spanningen en ruzies in het gezin",
    "Rust in huis en veilige opvoeding voor de kinderen",
    { "Gezinscoach inzetten voor opvoedondersteuning",
      "Afspraken over de omgang vastleggen in een ouderschapsplan" },
    "jeugdzorg", CT_ROLE_OPVOEDKUNDE },
  { "psychische klachten zonder passende behandeling",
    "Stabiele psychische gezondheid met passende behandeling",
    { "Wachttijd GGZ overbruggen met ambulante begeleiding",
      "Intake bij de GGZ met voorrang plannen" },
    "ggz", CT_ROLE_GGZ },
  { "lichamelijke klachten die het dagelijks leven beperken",
    "Lichamelijke klachten zijn onder behandeling",
    { "Afspraak bij de huisarts voor een medische check",
      "Fysiotherapie en hulpmiddelen aanvragen" },
    "huisarts", CT_ROLE_MAATSCHAPPELIJK_WERK },
  { "problematisch middelengebruik",
    "Middelengebruik is onder controle",
    { "Intake bij de verslavingszorg plannen",
      "Motiverende gesprekken met de verslavingsarts" },
    "verslavingszorg", CT_ROLE_VERSLAVINGSZORG },
  { "moeite met de basale zelfzorg",
    "De basale zelfzorg is gewaarborgd",
    { "Thuiszorg aanvragen voor ondersteuning bij zelfzorg",
      "Indicatie Wmo-ondersteuning aanvragen" },
    "overig", CT_ROLE_MAATSCHAPPELIJK_WERK },
  { "post, administratie en huishouden lopen vast",
    "De administratie en het huishouden zijn op orde",
    { "Vrijwillige thuisadministratie inzetten",
      "Budgetcursus volgen en post wekelijks samen openen" },
    "maatschappelijk_werk", CT_ROLE_MAATSCHAPPELIJK_WERK },
  { "een klein of overbelast sociaal netwerk",
    "Een netwerk van minstens twee mensen die bijspringen",
    { "Netwerkberaad organiseren met familie en buren",
      "Maatje zoeken via het welzijnswerk" },
    "maatschappelijk_werk", CT_ROLE_MAATSCHAPPELIJK_WERK },
  { "weinig deelname aan de samenleving",
    "Deelname aan activiteiten in de wijk",
    { "Kennismaken met het buurthuis",
      "Sportclub voor de kinderen regelen via het jeugdfonds" },
    "wijkteam", CT_ROLE_MAATSCHAPPELIJK_WERK },
  { "contacten met politie en justitie",
    "Geen nieuwe contacten met politie en justitie",
    { "Afstemming met de reclassering over toezicht en voorwaarden",
      "Wijkagent sluit aan bij het huisbezoek" },
    "politie", CT_ROLE_POLITIE },
};

const CtDemoOrganisation ct_demo_organisations[] = {
  { "GGZ Zonnewijzer", "ggz", 8000, 45000 },
  { "Ambulant team GGZ Noord", "ggz", 6000, 30000 },
  { "Verslavingszorg Regio Zonnewijzer", "verslavingszorg", 5000, 35000 },
  { "Jeugdhulp De Kompasroos", "jeugdzorg", 10000, 60000 },
  { "Gecertificeerde instelling jeugdbescherming", "jeugdzorg", 12000, 40000 },
  { "Sociaal wijkteam Zonnewijzer", "wijkteam", 1500, 8000 },
  { "Woonstichting Het Zonnehuis", "woningcorporatie", 500, 4000 },
  { "Schuldhulp Zonnewijzer", "schuldhulpverlening", 2000, 6000 },
  { "Budgetbeheer Regio Zonnewijzer", "schuldhulpverlening", 1500, 4000 },
  { "Werkplein Zonnewijzer", "werk_inkomen", 2000, 9000 },
  { "Afdeling Inkomen gemeente Zonnewijzer", "werk_inkomen", 1000, 3000 },
  { "Politie basisteam Zonnewijzer", "politie", 1000, 7000 },
  { "Reclassering regio Zonnewijzer", "justitie", 4000, 15000 },
  { "Huisartsenpraktijk De Zonnewende", "huisarts", 500, 2500 },
  { "Gezondheidscentrum Dageraad", "huisarts", 500, 2500 },
  { "Basisschool De Uurwerker", "onderwijs", 500, 3000 },
  { "Leerplicht gemeente Zonnewijzer", "onderwijs", 500, 2000 },
  { "Maatschappelijk werk Zonnewijzer", "maatschappelijk_werk", 1500, 6000 },
  { "Stichting Thuisadministratie Zonnewijzer", "overig", 300, 1500 },
  { "Huishoudelijke hulp De Schaduw", "overig", 4000, 25000 },
};
const guint ct_demo_n_organisations = G_N_ELEMENTS (ct_demo_organisations);

/* Referrers are general text: none of them names a category's partner. */
const char * const ct_demo_referrers[] = {
  "Sociaal wijkteam Zonnewijzer", "Maatschappelijk werk Zonnewijzer", "Wmo-loket gemeente Zonnewijzer",
  "Welzijnswerk Zonnewijzer", "Zelfmelding", NULL,
};

const char * const ct_demo_mental[] = {
  "Depressieve klachten sinds langere tijd; staat op de wachtlijst voor behandeling.",
  "Angstklachten, komt moeilijk de deur uit.",
  "Diagnose bipolaire stoornis, wisselend in behandeling.",
  "Traumaklachten na huiselijk geweld in het verleden.",
  "Vermoeden van licht verstandelijke beperking, nog niet onderzocht.", NULL,
};

const char * const ct_demo_addiction[] = {
  "Dagelijks cannabisgebruik, wil minderen.",
  "Alcoholgebruik is de laatste maanden toegenomen.",
  "Gokschulden door online gokken.",
  "Eerder in behandeling voor cocaïnegebruik, sinds kort terugval.", NULL,
};

const char * const ct_demo_physical[] = {
  "Chronische rugklachten, kan niet lang staan.",
  "Diabetes type 2, medicatie wordt niet goed ingenomen.",
  "COPD, loopt snel buiten adem.",
  "Herstellende van een operatie aan de knie.", NULL,
};

const char * const ct_demo_medication[] = {
  "Antidepressiva via de huisarts.", "Insuline en metformine.", "Lithium, spiegel onbekend.",
  "Slaapmedicatie op recept.", NULL,
};

const char * const ct_demo_justice[] = {
  "Melding huiselijk geweld vorig jaar; geen aangifte.",
  "Voorwaardelijke straf met reclasseringstoezicht.",
  "Meerdere meldingen van overlast bij de politie.",
  "Openstaande boetes bij het CJIB.", NULL,
};

const char * const ct_demo_creditors[] = {
  "Zorgverzekeraar, energieleverancier, Belastingdienst (toeslagen)",
  "Woningcorporatie, CJIB, telefoonaanbieder",
  "Incassobureau, zorgverzekeraar, webwinkels",
  "Belastingdienst, gemeentelijke belastingen, energieleverancier", NULL,
};

const char * const ct_demo_parenting[] = {
  "Ouders zijn gescheiden; conflicten over de omgang.",
  "Moeder voelt zich overbelast in de opvoeding.",
  "Oudste zoon is vaak niet thuis en komt laat binnen.",
  "Weinig structuur in huis; kinderen eten onregelmatig.", NULL,
};

const char * const ct_demo_child_protection[] = {
  "Zorgmelding bij Veilig Thuis; onderzoek loopt.",
  "Ondertoezichtstelling van de jongste, gezinsvoogd betrokken.",
  "Vrijwillig kader; jeugdbescherming op afstand betrokken.", NULL,
};

const char * const ct_demo_school[] = {
  "Verzuim op school; leerplicht is betrokken.",
  "Zit in het speciaal onderwijs, goed contact met de mentor.",
  "Dreigt uit te vallen op het mbo.", NULL,
};

const char * const ct_demo_tenancy[] = {
  "Sociale huurwoning bij Woonstichting Het Zonnehuis",
  "Particuliere huur, tijdelijk contract",
  "Inwonend bij familie",
  "Eigen woning met hypotheekachterstand", NULL,
};

const char * const ct_demo_nuisance[] = {
  "Buren klagen over geluidsoverlast in de avond.",
  "Vervuiling van de woning, melding bij de corporatie.",
  "Conflict met de bovenburen over lekkage.", NULL,
};

const char * const ct_demo_work[] = {
  "Werkloos sinds anderhalf jaar.", "Parttime werk in de schoonmaak, wisselende uren.",
  "Arbeidsongeschikt na een ongeval.", "Flexwerk via een uitzendbureau.", NULL,
};

const char * const ct_demo_benefits[] = {
  "Participatiewet", "WW", "WIA", "Wajong", "Toeslagen zonder uitkering", NULL,
};

const char * const ct_demo_daytime[] = {
  "Geen vaste dagbesteding.", "Twee ochtenden vrijwilligerswerk bij de kringloop.",
  "Zorgt overdag voor een zieke ouder.", "Dagbesteding bij het buurthuis.", NULL,
};

const char * const ct_demo_refusals[] = {
  "Wachtlijst van meer dan een jaar; geen plek beschikbaar.",
  "Valt buiten de indicatie van de organisatie.",
  "Cliënt wil deze hulp niet, ook na een tweede gesprek.",
  "Geen financiering: de verwijzing ontbreekt.", NULL,
};

const char * const ct_demo_guests[] = {
  "Welzijnswerk Zonnewijzer", "Wmo-loket gemeente Zonnewijzer", "Sociaal wijkteam Noord",
  "Beleidsadviseur sociaal domein", NULL,
};

const char * const ct_demo_months[] = {
  "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
  "oktober", "november", "december", NULL,
};

/* One invented name per role, in CtRole order, then the beheerder. */
const char * const ct_demo_member_names[] = {
  "Ingrid Verhoef", "Sanne de Bruin", "Mark Hoogeveen", "Samira Bakkali", "Jolanda Vermeer",
  "Erik van Houten", "Priya Ramsaran", "Kees Brandsma", "Dennis Wolfs", "Femke Jongsma",
  "Willem Beheer", NULL,
};

const CtDemoExpense ct_demo_expenses[] = {
  { "wonen", "Eenmalige bijdrage om de huurachterstand te stoppen, zodat ontruiming niet nodig is.",
    "housing" },
  { "schulden", "Aflossing van een kleine schuld die de schuldregeling blokkeerde.", "finance" },
  { "vervoer", "Tweedehands fiets om mee te kunnen doen in de wijk.", "general" },
  { "zorg", "Eigen risico voorgeschoten zodat de behandeling kan starten.", "health" },
  { "kinderen", "Schoolspullen en contributie van de sportclub.", "youth" },
  { "werk_opleiding", "Cursusgeld voor een startkwalificatie.", "work" },
  { "levensonderhoud", "Boodschappen voor twee weken in afwachting van de uitkering.", "finance" },
  { "overig", "Nieuw identiteitsbewijs, nodig voor de aanvraag van een uitkering.", "work" },
};
const guint ct_demo_n_expenses = G_N_ELEMENTS (ct_demo_expenses);

const CtDemoDoorbraak ct_demo_doorbraken[] = {
  { "Uitkering stopte door een adreswijziging die te laat was doorgegeven; het huishouden "
    "had geen inkomen meer.",
    "Weer inkomen binnen een week.",
    "Terugvordering en opschorting bij een te late adreswijziging", "Participatiewet art. 17",
    "Gemeente, afdeling Inkomen",
    "Uitkering hervat met terugwerkende kracht; terugvordering kwijtgescholden.",
    "Teammanager Inkomen", "Mandaat maatwerk sociaal domein",
    "Hardheidsclausule: de fout had geen verwijtbare oorzaak.",
    "Inkomen hersteld, geen nieuwe schulden.",
    "Een te late adreswijziging zonder opzet hoeft niet tot een stop te leiden.", "structureel",
    "work" },
  { "Huisuitzetting gepland wegens huurachterstand terwijl de schuldregeling net was gestart.",
    "Het gezin blijft in de woning.",
    "Ontruiming bij drie maanden huurachterstand", "Huurovereenkomst, algemene voorwaarden",
    "Woningcorporatie",
    "Ontruiming aangehouden; achterstand uit het maatwerkbudget, rest in de regeling.",
    "Directeur Wonen van de corporatie", "Convenant vroegsignalering",
    "De gevolgen van de regel zijn veel duurder dan de uitzondering.",
    "Gezin woont er nog; huur wordt via budgetbeheer betaald.",
    "Afspraak in het convenant: geen ontruiming zolang een plan loopt.", "structureel",
    "housing" },
  { "Jongere kon niet starten met werk omdat de reiskosten pas na een maand werden vergoed.",
    "Starten met werk.",
    "Reiskostenvergoeding achteraf", "Beleidsregels re-integratie", "Werkplein",
    "Reiskosten vooraf betaald uit het maatwerkbudget.",
    "Regisseur met de voorzitter", "Maatwerkbudget",
    "Klein bedrag, groot effect op het slagen van het traject.",
    "Jongere werkt nu vier dagen per week.",
    "Vergoeding vooraf mogelijk maken bij de start van werk.", "individueel", "work" },
  { "Twee instanties stelden elk een eigen plan op met tegenstrijdige afspraken.",
    "Eén plan voor het hele huishouden.",
    "Elke organisatie eigen intake en plan", "Werkinstructies van de partners",
    "Ketenpartners",
    "Eén gezamenlijk plan onder één regisseur; dubbele intakes geschrapt.",
    "Expertteam", "Bindend advies",
    "Eén huishouden, één plan, één regisseur.",
    "Minder afspraken voor het gezin en duidelijkheid over wie wat doet.",
    "Gezamenlijk plan als vaste werkwijze bij meervoudige problematiek.", "structureel",
    "general" },
};
const guint ct_demo_n_doorbraken = G_N_ELEMENTS (ct_demo_doorbraken);
