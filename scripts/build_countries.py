"""Generate src/newsledger/knowledge/gazetteer/countries.yaml from pycountry + the overlay below.

Run once (`.venv/bin/python scripts/build_countries.py`); the generated YAML is committed and is
what the runtime reads, so the runtime does not need this script. pycountry gives every ISO 3166
state with its alpha-3 code and official name; what it does not give (Wikidata QIDs, the names
news actually uses, demonyms, capitals, seats of power) is the hand-written overlay here.
Edits made directly to countries.yaml are lost on regeneration: edit the overlay instead.

Overlay line: ISO3 | QID | common name | aliases | demonyms | capitals | seats | ambiguous
("Korea" is given to both Koreas on purpose: the resolver picks the one the rest of the text
mentions more, South Korea on a tie.)
(lists are ';'-separated; '-' means none; the last column lists surfaces that are also common
names of people or other places: a capitalised neighbour word vetoes them, 'Michael Jordan').
"""
from __future__ import annotations

import pathlib
import sys

import pycountry
import yaml

OVERLAY = r"""
AFG|Q889|Afghanistan|-|Afghan;Afghani|Kabul|-|
ALB|Q222|Albania|-|Albanian|Tirana|-|
DZA|Q262|Algeria|-|Algerian|Algiers|-|
AND|Q228|Andorra|-|Andorran|Andorra la Vella|-|
AGO|Q916|Angola|-|Angolan|Luanda|-|
ATG|Q781|Antigua and Barbuda|Antigua|Antiguan|-|-|
ARG|Q414|Argentina|-|Argentine;Argentinian|Buenos Aires|Casa Rosada|
ARM|Q399|Armenia|-|Armenian|Yerevan|-|
AUS|Q408|Australia|-|Australian|Canberra|-|
AUT|Q40|Austria|-|Austrian|Vienna|-|
AZE|Q227|Azerbaijan|-|Azerbaijani;Azeri|Baku|-|
BHS|Q778|Bahamas|-|Bahamian|Nassau|-|Nassau
BHR|Q398|Bahrain|-|Bahraini|Manama|-|
BGD|Q902|Bangladesh|-|Bangladeshi|Dhaka|-|
BRB|Q244|Barbados|-|Barbadian|Bridgetown|-|
BLR|Q184|Belarus|Byelorussia|Belarusian;Belarussian|Minsk|-|
BEL|Q31|Belgium|-|Belgian|Brussels|-|
BLZ|Q242|Belize|-|Belizean|Belmopan|-|
BEN|Q962|Benin|-|Beninese|Porto-Novo|-|
BTN|Q917|Bhutan|-|Bhutanese|Thimphu|-|
BOL|Q750|Bolivia|-|Bolivian|La Paz;Sucre|-|
BIH|Q225|Bosnia and Herzegovina|Bosnia;Bosnia-Herzegovina|Bosnian|Sarajevo|-|
BWA|Q963|Botswana|-|Botswanan;Motswana|Gaborone|-|
BRA|Q155|Brazil|-|Brazilian|Brasilia;Brasília|Planalto;Planalto Palace|
BRN|Q921|Brunei|Brunei Darussalam|Bruneian|Bandar Seri Begawan|-|
BGR|Q219|Bulgaria|-|Bulgarian|Sofia|-|Sofia
BFA|Q965|Burkina Faso|-|Burkinabe;Burkinabé|Ouagadougou|-|
BDI|Q967|Burundi|-|Burundian|Gitega|-|
CPV|Q1011|Cape Verde|Cabo Verde|Cape Verdean|Praia|-|Praia
KHM|Q424|Cambodia|-|Cambodian|Phnom Penh|-|
CMR|Q1009|Cameroon|-|Cameroonian|Yaounde;Yaoundé|-|
CAN|Q16|Canada|-|Canadian|Ottawa|-|
CAF|Q929|Central African Republic|CAR|Central African|Bangui|-|
TCD|Q657|Chad|-|Chadian|N'Djamena|-|Chad
CHL|Q298|Chile|-|Chilean|Santiago|La Moneda|Santiago
CHN|Q148|China|PRC;People's Republic of China;mainland China;Mainland China|Chinese|Beijing;Peking|Zhongnanhai|
COL|Q739|Colombia|-|Colombian|Bogota;Bogotá|-|
COM|Q970|Comoros|-|Comorian|Moroni|-|
COG|Q971|Republic of the Congo|Congo-Brazzaville;Congo Republic|-|Brazzaville|-|
COD|Q974|Democratic Republic of the Congo|DR Congo;DRC;D.R. Congo;Congo-Kinshasa;Democratic Republic of Congo;Congo|Congolese|Kinshasa|-|
CRI|Q800|Costa Rica|-|Costa Rican|-|-|
CIV|Q1008|Côte d'Ivoire|Ivory Coast;Cote d'Ivoire|Ivorian|Yamoussoukro;Abidjan|-|
HRV|Q224|Croatia|-|Croatian;Croat|Zagreb|-|
CUB|Q241|Cuba|-|Cuban|Havana|-|
CYP|Q229|Cyprus|-|Cypriot|Nicosia|-|
CZE|Q213|Czech Republic|Czechia|Czech|Prague|Prague Castle|
DNK|Q35|Denmark|-|Danish;Dane|Copenhagen|-|
DJI|Q977|Djibouti|-|Djiboutian|Djibouti City|-|
DMA|Q784|Dominica|-|-|Roseau|-|
DOM|Q786|Dominican Republic|-|Dominican|Santo Domingo|-|
ECU|Q736|Ecuador|-|Ecuadorian;Ecuadorean|Quito|-|
EGY|Q79|Egypt|-|Egyptian|Cairo|-|
SLV|Q792|El Salvador|-|Salvadoran;Salvadorean|San Salvador|-|
GNQ|Q983|Equatorial Guinea|-|Equatoguinean|Malabo|-|
ERI|Q986|Eritrea|-|Eritrean|Asmara|-|
EST|Q191|Estonia|-|Estonian|Tallinn|-|
SWZ|Q1050|Eswatini|Swaziland|Swazi|Mbabane|-|
ETH|Q115|Ethiopia|-|Ethiopian|Addis Ababa|-|
FJI|Q712|Fiji|-|Fijian|Suva|-|
FIN|Q33|Finland|-|Finnish|Helsinki|-|
FRA|Q142|France|French Republic|French|Paris|Elysee;Élysée;Elysee Palace;Élysée Palace;Quai d'Orsay|
GAB|Q1000|Gabon|-|Gabonese|Libreville|-|
GMB|Q1005|Gambia|-|Gambian|Banjul|-|
GEO|Q230|Georgia|-|Georgian|Tbilisi|-|Georgia;Georgian
DEU|Q183|Germany|Federal Republic of Germany|German|Berlin|Chancellery;Bundestag|
GHA|Q117|Ghana|-|Ghanaian|Accra|-|
GRC|Q41|Greece|Hellas|Greek|Athens|-|
GRD|Q769|Grenada|-|Grenadian|St. George's|-|
GTM|Q774|Guatemala|-|Guatemalan|Guatemala City|-|
GIN|Q1006|Guinea|Guinea-Conakry|Guinean|Conakry|-|
GNB|Q1007|Guinea-Bissau|Guinea Bissau|Bissau-Guinean|Bissau|-|
GUY|Q734|Guyana|-|Guyanese|-|-|
HTI|Q790|Haiti|-|Haitian|Port-au-Prince|-|
HND|Q783|Honduras|-|Honduran|Tegucigalpa|-|
HUN|Q28|Hungary|-|Hungarian|Budapest|-|
ISL|Q189|Iceland|-|Icelandic;Icelander|Reykjavik;Reykjavík|-|
IND|Q668|India|Republic of India;Bharat|Indian|New Delhi;Delhi|-|
IDN|Q252|Indonesia|-|Indonesian|Jakarta|-|
IRN|Q794|Iran|Islamic Republic of Iran;Persia|Iranian|Tehran;Teheran|-|
IRQ|Q796|Iraq|-|Iraqi|Baghdad|-|
IRL|Q27|Ireland|Republic of Ireland;Eire|Irish|Dublin|-|
ISR|Q801|Israel|State of Israel|Israeli|Jerusalem;Tel Aviv|Knesset|
ITA|Q38|Italy|-|Italian|Rome|Palazzo Chigi|
JAM|Q766|Jamaica|-|Jamaican|-|-|
JPN|Q17|Japan|-|Japanese|Tokyo|Kantei|
JOR|Q810|Jordan|Hashemite Kingdom of Jordan|Jordanian|Amman|-|Jordan
KAZ|Q232|Kazakhstan|-|Kazakh;Kazakhstani|Astana|-|
KEN|Q114|Kenya|-|Kenyan|Nairobi|-|
KIR|Q710|Kiribati|-|I-Kiribati|Tarawa|-|
PRK|Q423|North Korea|DPRK;D.P.R.K.;N. Korea;N Korea;Korea;Democratic People's Republic of Korea;Democratic People’s Republic of Korea|North Korean|Pyongyang|-|
KOR|Q884|South Korea|ROK;R.O.K.;Republic of Korea;S. Korea;S Korea;Korea|South Korean|Seoul|Blue House;Cheong Wa Dae;Yongsan|
XKX|Q1246|Kosovo|-|Kosovar;Kosovan|Pristina;Prishtina|-|
KWT|Q817|Kuwait|-|Kuwaiti|Kuwait City|-|
KGZ|Q813|Kyrgyzstan|Kyrgyz Republic;Kirghizia|Kyrgyz|Bishkek|-|
LAO|Q819|Laos|Lao PDR;Lao People's Democratic Republic|Laotian|Vientiane|-|
LVA|Q211|Latvia|-|Latvian|Riga|-|
LBN|Q822|Lebanon|-|Lebanese|Beirut|-|
LSO|Q1013|Lesotho|-|Basotho|Maseru|-|
LBR|Q1014|Liberia|-|Liberian|Monrovia|-|
LBY|Q1016|Libya|-|Libyan|Tripoli|-|
LIE|Q347|Liechtenstein|-|-|Vaduz|-|
LTU|Q37|Lithuania|-|Lithuanian|Vilnius|-|
LUX|Q32|Luxembourg|-|Luxembourgish;Luxembourger|Luxembourg City|-|
MDG|Q1019|Madagascar|-|Malagasy|Antananarivo|-|
MWI|Q1020|Malawi|-|Malawian|Lilongwe|-|
MYS|Q833|Malaysia|-|Malaysian|Kuala Lumpur;Putrajaya|-|
MDV|Q826|Maldives|-|Maldivian|-|-|
MLI|Q912|Mali|-|Malian|Bamako|-|
MLT|Q233|Malta|-|Maltese|Valletta|-|
MHL|Q709|Marshall Islands|-|Marshallese|Majuro|-|
MRT|Q1025|Mauritania|-|Mauritanian|Nouakchott|-|
MUS|Q1027|Mauritius|-|Mauritian|Port Louis|-|
MEX|Q96|Mexico|-|Mexican|Mexico City|-|
FSM|Q702|Micronesia|Federated States of Micronesia|Micronesian|Palikir|-|
MDA|Q217|Moldova|Republic of Moldova|Moldovan|Chisinau;Chișinău|-|
MCO|Q235|Monaco|-|Monegasque|-|-|
MNG|Q711|Mongolia|-|Mongolian|Ulaanbaatar;Ulan Bator|-|
MNE|Q236|Montenegro|-|Montenegrin|Podgorica|-|
MAR|Q1028|Morocco|-|Moroccan|Rabat|-|
MOZ|Q1029|Mozambique|-|Mozambican|Maputo|-|
MMR|Q836|Myanmar|Burma|Myanmarese;Burmese|Naypyidaw;Naypyitaw;Nay Pyi Taw;Yangon;Rangoon|-|
NAM|Q1030|Namibia|-|Namibian|Windhoek|-|
NRU|Q697|Nauru|-|Nauruan|-|-|
NPL|Q837|Nepal|-|Nepali;Nepalese|Kathmandu|-|
NLD|Q55|Netherlands|Holland|Dutch|Amsterdam;The Hague|-|Holland
NZL|Q664|New Zealand|-|New Zealander|Wellington|-|
NIC|Q811|Nicaragua|-|Nicaraguan|Managua|-|
NER|Q1032|Niger|-|Nigerien|Niamey|-|Niger
NGA|Q1033|Nigeria|-|Nigerian|Abuja|-|
MKD|Q221|North Macedonia|Macedonia|Macedonian|Skopje|-|
NOR|Q20|Norway|-|Norwegian|Oslo|-|
OMN|Q842|Oman|-|Omani|Muscat|-|
PAK|Q843|Pakistan|-|Pakistani|Islamabad|-|
PLW|Q695|Palau|-|Palauan|Ngerulmud|-|
PSE|Q219060|Palestine|State of Palestine;Palestinian territories;Palestinian Authority|Palestinian|Ramallah|-|
PAN|Q804|Panama|-|Panamanian|Panama City|-|Panama
PNG|Q691|Papua New Guinea|PNG|Papua New Guinean|Port Moresby|-|
PRY|Q733|Paraguay|-|Paraguayan|Asuncion;Asunción|-|
PER|Q419|Peru|-|Peruvian|Lima|-|Lima
PHL|Q928|Philippines|-|Filipino;Philippine|Manila|Malacanang;Malacañang|
POL|Q36|Poland|-|Polish|Warsaw|-|
PRT|Q45|Portugal|-|Portuguese|Lisbon|-|
QAT|Q846|Qatar|-|Qatari|Doha|-|
ROU|Q218|Romania|-|Romanian|Bucharest|-|
RUS|Q159|Russia|Russian Federation|Russian|Moscow|Kremlin|
RWA|Q1037|Rwanda|-|Rwandan|Kigali|-|
KNA|Q763|Saint Kitts and Nevis|St Kitts and Nevis|Kittitian|Basseterre|-|
LCA|Q760|Saint Lucia|St Lucia|Saint Lucian|Castries|-|
VCT|Q757|Saint Vincent and the Grenadines|St Vincent|Vincentian|Kingstown|-|
WSM|Q683|Samoa|-|Samoan|Apia|-|
SMR|Q238|San Marino|-|Sammarinese|-|-|
STP|Q1039|Sao Tome and Principe|São Tomé and Príncipe|-|São Tomé;Sao Tome|-|
SAU|Q851|Saudi Arabia|Kingdom of Saudi Arabia;KSA|Saudi|Riyadh|-|
SEN|Q1041|Senegal|-|Senegalese|Dakar|-|
SRB|Q403|Serbia|-|Serbian;Serb|Belgrade|-|
SYC|Q1042|Seychelles|-|Seychellois|-|-|
SLE|Q1044|Sierra Leone|-|Sierra Leonean|Freetown|-|
SGP|Q334|Singapore|-|Singaporean|-|-|
SVK|Q214|Slovakia|Slovak Republic|Slovak|Bratislava|-|
SVN|Q215|Slovenia|-|Slovenian;Slovene|Ljubljana|-|
SLB|Q685|Solomon Islands|-|Solomon Islander|Honiara|-|
SOM|Q1045|Somalia|-|Somali|Mogadishu|-|
ZAF|Q258|South Africa|-|South African|Pretoria;Cape Town|-|
SSD|Q958|South Sudan|-|South Sudanese|Juba|-|
ESP|Q29|Spain|-|Spanish;Spaniard|Madrid|Moncloa|
LKA|Q854|Sri Lanka|Ceylon|Sri Lankan|Colombo|-|
SDN|Q1049|Sudan|-|Sudanese|Khartoum|-|
SUR|Q730|Suriname|-|Surinamese|Paramaribo|-|
SWE|Q34|Sweden|-|Swedish;Swede|Stockholm|-|
CHE|Q39|Switzerland|Swiss Confederation|Swiss|Bern;Berne|-|
SYR|Q858|Syria|Syrian Arab Republic|Syrian|Damascus|-|
TWN|Q865|Taiwan|Republic of China|Taiwanese|Taipei|-|
TJK|Q863|Tajikistan|-|Tajik;Tajikistani|Dushanbe|-|
TZA|Q924|Tanzania|United Republic of Tanzania|Tanzanian|Dodoma;Dar es Salaam|-|
THA|Q869|Thailand|-|Thai|Bangkok|-|
TLS|Q574|Timor-Leste|East Timor|Timorese|Dili|-|
TGO|Q945|Togo|-|Togolese|Lome;Lomé|-|
TON|Q678|Tonga|-|Tongan|Nuku'alofa|-|
TTO|Q754|Trinidad and Tobago|Trinidad|Trinidadian|Port of Spain|-|
TUN|Q948|Tunisia|-|Tunisian|Tunis|-|
TUR|Q43|Türkiye|Turkey;Turkiye;Republic of Türkiye|Turkish;Turk|Ankara|-|
TKM|Q874|Turkmenistan|-|Turkmen|Ashgabat|-|
TUV|Q672|Tuvalu|-|Tuvaluan|Funafuti|-|
UGA|Q1036|Uganda|-|Ugandan|Kampala|-|
UKR|Q212|Ukraine|-|Ukrainian|Kyiv;Kiev|Bankova|
ARE|Q878|United Arab Emirates|UAE;U.A.E.;Emirates|Emirati|Abu Dhabi|-|
GBR|Q145|United Kingdom|UK;U.K.;Britain;Great Britain;United Kingdom of Great Britain and Northern Ireland|British;Briton|London|Downing Street;Whitehall;Number 10;No 10|
USA|Q30|United States|United States of America;US;U.S.;USA;U.S.A.;America|American|Washington;Washington, D.C.;Washington DC;Washington, DC|White House|Washington;America;American
URY|Q77|Uruguay|-|Uruguayan|Montevideo|-|
UZB|Q265|Uzbekistan|-|Uzbek;Uzbekistani|Tashkent|-|
VUT|Q686|Vanuatu|-|Ni-Vanuatu|Port Vila|-|
VAT|Q237|Vatican City|Vatican;Holy See|-|-|-|
VEN|Q717|Venezuela|Bolivarian Republic of Venezuela|Venezuelan|Caracas|Miraflores Palace|
VNM|Q881|Vietnam|Viet Nam|Vietnamese|Hanoi|-|
YEM|Q805|Yemen|-|Yemeni|Sanaa;Sana'a|-|
ZMB|Q953|Zambia|-|Zambian|Lusaka|-|
ZWE|Q954|Zimbabwe|-|Zimbabwean|Harare|-|
HKG|Q8646|Hong Kong|HKSAR|Hong Konger|-|-|
MAC|Q14773|Macau|Macao|Macanese|-|-|
GRL|Q223|Greenland|-|Greenlandic;Greenlander|Nuuk|-|
PRI|Q1183|Puerto Rico|-|Puerto Rican|San Juan|-|
ESH|Q6250|Western Sahara|-|Sahrawi|-|-|
"""

# Group qualifiers that news uses in place of the demonym ("US officials", "UK officials").
QUALIFIER = {"USA": "US", "GBR": "British", "ARE": "Emirati", "COD": "Congolese"}

# The canonical name for states whose ISO name is in "Name, qualifier" form is the common name above.
OUT = pathlib.Path(__file__).resolve().parents[1] / "src/newsledger/knowledge/gazetteer/countries.yaml"


def split(field: str) -> list[str]:
    field = field.strip()
    return [] if field in ("", "-") else [x.strip() for x in field.split(";") if x.strip()]


def main() -> int:
    overlay: dict[str, dict] = {}
    for line in OVERLAY.strip().splitlines():
        iso3, qid, name, aliases, demonyms, capitals, seats, ambiguous = (p.strip() for p in line.split("|"))
        overlay[iso3] = {"wikidata": qid or None, "name": name, "aliases": split(aliases),
                         "demonyms": split(demonyms), "capitals": split(capitals),
                         "seats": split(seats), "ambiguous": split(ambiguous)}
    # a pycountry name that the overlay gives to another state ("Congo") is not added
    claimed = {a: iso3 for iso3, o in overlay.items() for a in [o["name"], *o["aliases"]]}
    rows = []
    codes = {c.alpha_3: c for c in pycountry.countries}
    for iso3 in sorted(set(codes) | set(overlay)):
        c = codes.get(iso3)
        over = overlay.get(iso3, {})
        iso_name = c.name if c else over["name"]
        name = over.get("name") or getattr(c, "common_name", None) or iso_name
        aliases: list[str] = []
        from_iso = [iso_name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
        for alias in [*from_iso, *over.get("aliases", [])]:
            # "Korea, Republic of" is a sort key, never a surface form in running text
            if not alias or "," in alias:
                continue
            mine = alias in over.get("aliases", [])   # the overlay may give a name to two states
            alias = alias.removeprefix("the ").removeprefix("The ")
            if alias != name and alias not in aliases and (mine or claimed.get(alias, iso3) == iso3):
                aliases.append(alias)
        demonyms = over.get("demonyms", [])
        entry = {"iso3": iso3, "name": name, "wikidata": over.get("wikidata"),
                 "alpha2": c.alpha_2 if c else None, "aliases": aliases, "demonyms": demonyms,
                 "capitals": over.get("capitals", []), "seats": over.get("seats", [])}
        qualifier = QUALIFIER.get(iso3) or (demonyms[0] if demonyms else None)
        if qualifier:
            entry["qualifier"] = qualifier
        if over.get("ambiguous"):
            entry["ambiguous"] = over["ambiguous"]
        if c is None:
            entry["note"] = "not in ISO 3166-1; user-assigned code in common use"
        rows.append({k: v for k, v in entry.items() if v not in ([], None) or k == "wikidata"})
    header = ("# Generated by scripts/build_countries.py from pycountry (ISO 3166) + a hand-written overlay\n"
              "# (Wikidata QIDs, news names, demonyms, capitals, seats of power). Format: README.md.\n")
    OUT.write_text(header + yaml.safe_dump({"countries": rows}, allow_unicode=True, sort_keys=False,
                                           width=120), encoding="utf-8")
    print(f"{OUT}: {len(rows)} countries, {sum(1 for r in rows if r.get('wikidata'))} with QIDs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
