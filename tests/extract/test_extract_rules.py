"""The extract rules one at a time, on short texts of our own: each case states what a rule
must find, so a regression names the rule that broke."""

from __future__ import annotations

import datetime as dt

import pytest

from racekb.extract import extract

DATE = dt.date(2023, 10, 19)


def run(text: str, date: dt.date = DATE):
    return extract([p for p in text.split("\n\n")], date)


def entities(text: str) -> dict[tuple[str, str], set[str]]:
    return run(text).entities()


def facts(text: str, date: dt.date = DATE) -> set[tuple[str, str, str, int | None]]:
    return {(f.subject[1], f.predicate, f.object[1], f.year) for f in run(text, date).facts}


@pytest.mark.parametrize("text, etype, name", [
    ("Scott Dixon drove the No. 9 PNC Bank Honda to victory.", "car", "No. 9 PNC Bank Honda"),
    ("He raced the new Porsche 963 all season.", "car", "Porsche 963"),
    ("Kenseth drove the No. 17 Best Buy Ford Fusion. The No. 17 led 40 laps.", "car", "No. 17 Best Buy Ford Fusion"),
    ("The team runs two cars for Meyer Shank Racing this year.", "team", "Meyer Shank Racing"),
    ("Alex Palou signed with Team Penske.", "team", "Team Penske"),
    ("Rhys Millen and team RMR set a record.", "team", "RMR"),
    ("North Carolina-based Action Express Racing won again.", "team", "Action Express Racing"),
    ("Oscar Piastri of McLaren won the sprint.", "team", "McLaren"),
    ("He won the Engine Pro ASCS Sprints on Dirt series race.", "championship", "Engine Pro ASCS Sprints on Dirt"),
    ("She won the 2021 DPi title.", "championship", "DPi Championship"),
    ("He raced in the World Endurance Championship and the WEC finale.", "championship", "FIA World Endurance Championship"),
    ("Ryan Blaney won the Coke Zero 400 at Daytona.", "event", "Coke Zero 400"),
    ("Thierry Neuville won the Central European Rally.", "event", "Central European Rally"),
])
def test_finds_entity(text: str, etype: str, name: str) -> None:
    assert (etype, name) in entities(text)


@pytest.mark.parametrize("text, etype, name", [
    ("Victory Lane was crowded on Saturday night.", "driver", "Victory Lane"),
    ("The Canadian Tire Motorsports Park round is next.", "team", "Canadian Tire Motorsports Park"),
    ("It ran on Valvoline NextGen racing oil.", "car", "Valvoline NextGen"),
    ("It was the 199th win for the team in 125 laps.", "car", "125"),
])
def test_does_not_find(text: str, etype: str, name: str) -> None:
    assert (etype, name) not in entities(text)


def test_surname_resolves_within_release_but_relative_stays_apart() -> None:
    found = entities("Tom Blomqvist won at Daytona. Blomqvist, son of 1984 World Rally Champion "
                     "Stig Blomqvist, starts next.")
    assert "Blomqvist" in found[("driver", "Tom Blomqvist")]
    assert ("driver", "Stig Blomqvist") in found or ("person", "Stig Blomqvist") in found
    assert ("driver", "Blomqvist") not in found


def test_shared_surname_is_reported_as_ambiguous() -> None:
    state = run("Tom Blomqvist won. His father Stig Blomqvist watched. Blomqvist celebrated.")
    assert any("Blomqvist" in note and "Stig Blomqvist" in note for note in state.notes)


def test_role_makes_a_person_not_a_driver() -> None:
    found = entities('"We are thrilled," said Gary Nelson, team manager for Action Express Racing. '
                     "Team co-owner Jack Roush agreed. Pipo Derani drove the car.")
    assert ("person", "Gary Nelson") in found
    assert ("person", "Jack Roush") in found
    assert ("driver", "Pipo Derani") in found


def test_lone_surname_listed_with_drivers_is_a_driver() -> None:
    found = entities("Carl Edwards and Ricky Stenhouse Jr. led. Edwards, Stenhouse Jr., and Bayne dominated.")
    assert ("driver", "Bayne") in found


def test_org_short_form_is_not_a_person() -> None:
    found = entities("Doug Yates, CEO of Roush Yates Engines, spoke. Roush Yates built the engine.")
    assert "Roush Yates" in found[("manufacturer", "Roush Yates Engines")]
    assert not any(t == "driver" and "Roush" in n for t, n in found)


def test_years_attach_to_their_own_title() -> None:
    got = facts("Pipo Derani wrapped up the inaugural IMSA Grand Touring Prototype Driver Championship on "
                "Saturday to complement his 2021 DPi title. Tom Blomqvist earned the 2022 DPi Driver Championship.")
    assert ("Pipo Derani", "won_title", "IMSA Grand Touring Prototype Driver Championship", 2023) in got
    assert ("Pipo Derani", "won_title", "DPi Driver Championship", 2021) in got
    assert ("Tom Blomqvist", "won_title", "DPi Driver Championship", 2022) in got


def test_relative_time_resolves_against_the_release_date() -> None:
    got = facts("Tom Blomqvist will team up with Pipo Derani and Jack Aitken to drive the No. 31 Whelen "
                "Cadillac V-Series.R in IMSA Michelin Endurance Cup races next season.")
    for driver in ("Tom Blomqvist", "Pipo Derani", "Jack Aitken"):
        assert (driver, "drives", "No. 31 Whelen Cadillac V-Series.R", 2024) in got


def test_two_digit_years_and_race_wins() -> None:
    got = facts("First up is the Rolex 24 At Daytona, where Tom Blomqvist co-drove to the overall "
                "victory in 2023 and ’22.")
    assert ("Tom Blomqvist", "won_race", "Rolex 24 At Daytona", 2023) in got
    assert ("Tom Blomqvist", "won_race", "Rolex 24 At Daytona", 2022) in got


def test_replaces_and_relative_clause_subject() -> None:
    got = facts("Jack Aitken moves into a full-season role in 2024 to replace Alexander Sims, who will "
                "remain to drive the new Chevrolet Corvette Z06 GT3.R for Corvette Racing.")
    assert ("Jack Aitken", "replaces", "Alexander Sims", 2024) in got
    assert ("Alexander Sims", "drives", "Chevrolet Corvette Z06 GT3.R", 2024) in got
    assert ("Alexander Sims", "drives_for", "Corvette Racing", 2024) in got
    assert not any(s == "Jack Aitken" and p == "drives" for s, p, _, _ in got)


def test_epithet_refers_to_the_previous_driver() -> None:
    got = facts("Ryan Blaney is the 2023 NASCAR Cup Series champion. The 29-year-old drove the No. 12 "
                "Ford Mustang to second place.")
    assert ("Ryan Blaney", "drives", "No. 12 Ford Mustang", 2023) in got


def test_car_crew_shares_the_win() -> None:
    got = facts("Ferrari AF Corse won the 24 Hours of Le Mans, as the No. 51 Ferrari 499P of "
                "Alessandro Pier Guidi, James Calado and Antonio Giovinazzi took the checkered flag.",
                dt.date(2023, 6, 11))
    for driver in ("Alessandro Pier Guidi", "James Calado", "Antonio Giovinazzi"):
        assert (driver, "drives", "No. 51 Ferrari 499P", 2023) in got
        assert (driver, "won_race", "24 Hours of Le Mans", 2023) in got


@pytest.mark.parametrize("text, fact", [
    ("Kevin Harvick, driver of the No. 4 Busch Light Ford Mustang for Stewart-Haas Racing (SHR), finished fourth.",
     ("Kevin Harvick", "drives", "No. 4 Busch Light Ford Mustang", 2023)),
    ("Williams Racing driver Alex Albon was ninth.", ("Alex Albon", "drives_for", "Williams Racing", 2023)),
    ("A.J. Allmendinger will start the No. 16 Kaulig Racing Chevrolet from the rear.",
     ("A.J. Allmendinger", "drives", "No. 16 Kaulig Racing Chevrolet", 2023)),
    ("A.J. Allmendinger will start the No. 16 Kaulig Racing Chevrolet from the rear.",
     ("A.J. Allmendinger", "drives_for", "Kaulig Racing", 2023)),
    ("Lewis Hamilton will join Ferrari in 2025, replacing Carlos Sainz.", ("Lewis Hamilton", "drives_for", "Ferrari", 2025)),
])
def test_finds_fact(text: str, fact: tuple) -> None:
    assert fact in facts(text)


def test_replaced_driver_does_not_join_the_team() -> None:
    got = facts("Lewis Hamilton will join Ferrari in 2025, replacing Carlos Sainz.")
    assert ("Carlos Sainz", "drives_for", "Ferrari", 2025) not in got
    assert ("Lewis Hamilton", "replaces", "Carlos Sainz", 2025) in got


@pytest.mark.parametrize("text, etype, name", [
    ("Team Principal Toto Wolff said the win was deserved.", "person", "Toto Wolff"),
    ("He will partner Nico Hülkenberg at Sauber.", "driver", "Nico Hülkenberg"),
    ("JDC-Miller MotorSports qualified sixth.", "team", "JDC-Miller MotorSports"),
    ("Kevin Harvick drives for Stewart-Haas Racing (SHR).", "team", "Stewart-Haas Racing"),
])
def test_finds_entity_in_other_styles(text: str, etype: str, name: str) -> None:
    found = entities(text)
    assert (etype, name) in found
    assert not any(t == "team" and "Principal" in n for t, n in found)


def test_sportscar_class_report() -> None:
    text = ("Paul Miller Racing's Bryan Sellers and Madison Snow clinched the GTD title in the No. 1 BMW M4 GT3. "
            "Vasser Sullivan's No. 12 Lexus RC F GT3 of Frankie Montecalvo and Aaron Telitz won the class, while "
            "the Heart of Racing Team Aston Martin Vantage GT3 driven by Roman De Angelis and Marco Sorensen was second.")
    found = entities(text)
    for team in ("Paul Miller Racing", "Vasser Sullivan", "Heart of Racing Team"):
        assert ("team", team) in found
    got = facts(text)
    assert ("Bryan Sellers", "won_title", "GTD Championship", 2023) in got
    assert ("Madison Snow", "won_title", "GTD Championship", 2023) in got
    assert ("Aaron Telitz", "drives", "No. 12 Lexus RC F GT3", 2023) in got
    assert ("Roman De Angelis", "drives", "Aston Martin Vantage GT3", 2023) in got
    assert not any(s == "Frankie Montecalvo" and o == "Aston Martin Vantage GT3" for s, _, o, _ in got)


def test_seed_style_facts_are_not_overclaimed() -> None:
    got = facts("In 2021, Tom Blomqvist and teammates were WEC vice-champion in LMP2. "
                "Tom Blomqvist, son of 1984 World Rally Champion Stig Blomqvist, joins Cadillac Racing. "
                "Drivers who have won the past three IMSA WeatherTech SportsCar Championship titles are joining forces "
                "for Cadillac Racing in 2024.")
    assert not any(p == "won_title" and s == "Tom Blomqvist" for s, p, _, _ in got)
    assert ("Stig Blomqvist", "won_title", "FIA World Rally Championship", 1984) in got
    assert not any(s == "Stig Blomqvist" and p == "drives_for" for s, p, _, _ in got)
    assert not any(s == "Cadillac Racing" and p == "won_title" for s, p, _, _ in got)


def test_title_years_listed_after_the_title() -> None:
    got = facts("North Carolina-based Action Express Racing has earned IMSA Team and Driver Championships in 2014, "
                "2015 and 2023.")
    for year in (2014, 2015, 2023):
        assert ("Action Express Racing", "won_title", "IMSA Team and Driver Championships", year) in got


@pytest.mark.parametrize("text, fact", [
    ("Carlos Sainz and co-driver Lucas Cruz won the car category of the Dakar Rally.",
     ("Lucas Cruz", "won_race", "Dakar Rally", 2023)),
    ("Triple Eight Race Engineering has signed Will Brown on a three-year contract.",
     ("Will Brown", "drives_for", "Triple Eight Race Engineering", 2023)),
    ("Rookie Will Brown takes the seat of Shane van Gisbergen, who leaves for America.",
     ("Will Brown", "replaces", "Shane van Gisbergen", 2023)),
    ("Kevin Estre had claimed Hyperpole for the 24 Hours of Le Mans on Thursday.",
     ("Kevin Estre", "pole", "24 Hours of Le Mans", 2023)),
])
def test_finds_fact_in_more_styles(text: str, fact: tuple) -> None:
    assert fact in facts(text)


def test_a_surname_used_alone_shows_the_full_name_is_a_person() -> None:
    found = entities("Fans cheered Pipo Derani at the track. Derani wrapped up the title on Saturday.")
    assert ("driver", "Pipo Derani") in found
    assert "Derani" in found[("driver", "Pipo Derani")]
