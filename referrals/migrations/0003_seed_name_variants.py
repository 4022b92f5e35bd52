"""Common English short forms and nicknames, so matching sees Beth and Elizabeth as one name.

Administrators add to the list; reversing removes only what this migration added.
"""

from django.db import migrations

VARIANTS = {
    "alexander": ["alex", "al", "sandy", "xander"],
    "alexandra": ["alex", "lexi", "lexie", "sandra", "sasha"],
    "abigail": ["abi", "abby", "abbie", "gail"],
    "anthony": ["tony", "ant"],
    "benjamin": ["ben", "benji", "benny"],
    "catherine": ["cath", "cathy", "kate", "katie", "kat", "cat"],
    "katherine": ["kath", "kathy", "kate", "katie", "kat", "kit"],
    "charlotte": ["charlie", "lottie", "lotte"],
    "christopher": ["chris", "kit"],
    "daniel": ["dan", "danny"],
    "danielle": ["dani", "elle"],
    "david": ["dave", "davey"],
    "edward": ["ed", "eddie", "ted", "teddy", "ned"],
    "elizabeth": ["beth", "liz", "lizzie", "lizzy", "eliza", "betty", "libby", "elsie"],
    "eleanor": ["ellie", "nell", "nellie", "ella"],
    "frederick": ["fred", "freddie", "freddy"],
    "gabrielle": ["gabby", "gabi", "ella"],
    "hannah": ["han"],
    "isabella": ["bella", "izzy", "issy", "isla"],
    "isabelle": ["belle", "izzy", "issy"],
    "jacob": ["jake", "jay"],
    "james": ["jim", "jimmy", "jamie"],
    "jennifer": ["jen", "jenny", "jenna"],
    "jessica": ["jess", "jessie"],
    "jonathan": ["jon", "jonny", "johnny"],
    "john": ["johnny", "jack"],
    "joseph": ["joe", "joey"],
    "joshua": ["josh"],
    "kimberley": ["kim"],
    "leonard": ["leo", "len", "lenny"],
    "madison": ["maddie", "maddy"],
    "margaret": ["maggie", "meg", "peggy", "margo"],
    "matthew": ["matt", "matty"],
    "megan": ["meg"],
    "michael": ["mike", "mikey", "mick", "micky"],
    "mohammed": ["mo", "mohammad", "muhammad", "mohamed"],
    "natalie": ["nat", "tali"],
    "nathaniel": ["nat", "nate", "nathan"],
    "nicholas": ["nick", "nicky"],
    "nicola": ["nicki", "nikki"],
    "oliver": ["ollie", "olly"],
    "olivia": ["liv", "livvy", "livia"],
    "patrick": ["pat", "paddy"],
    "rebecca": ["becky", "becca", "bex"],
    "richard": ["rich", "richie", "rick", "dick"],
    "robert": ["rob", "robbie", "bob", "bobby", "bert"],
    "samantha": ["sam", "sammy"],
    "samuel": ["sam", "sammy"],
    "sophia": ["sophie", "soph"],
    "stephanie": ["steph", "stephie"],
    "stephen": ["steve", "stevie"],
    "susan": ["sue", "susie", "suzy"],
    "theodore": ["theo", "ted", "teddy"],
    "thomas": ["tom", "tommy"],
    "victoria": ["vicky", "vikki", "tori"],
    "william": ["will", "bill", "billy", "liam", "willie"],
    "zachary": ["zach", "zack", "zak"],
}


def insert_variants(NameVariant, using):
    """Add the seeded forms that are missing; also used by `referrals.apps` after a flush."""
    NameVariant.objects.using(using).bulk_create(
        [
            NameVariant(name=name, canonical=canonical)
            for canonical, names in VARIANTS.items()
            for name in names
        ],
        ignore_conflicts=True,
    )


def seed(apps, schema_editor):
    insert_variants(apps.get_model("referrals", "NameVariant"), schema_editor.connection.alias)


def unseed(apps, schema_editor):
    NameVariant = apps.get_model("referrals", "NameVariant")
    for canonical, names in VARIANTS.items():
        NameVariant.objects.filter(canonical=canonical, name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_trigram_index")]

    operations = [migrations.RunPython(seed, unseed)]
