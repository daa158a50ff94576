"""The words of the synthetic episode that are not in its transcript: intro, ad read, outro.

Why a module of their own: :mod:`benchmarks.make_episode` reads them, :mod:`benchmarks.truth`
stores them as the truth's extra regions; kept apart so the generator stays short.
"""

INTRO = (
    "Welcome back to the show about the people and the ideas behind open machine learning.",
    "I'm your host, and this episode is a long conversation with a guest who has built tools "
    "that many of you use every day.",
    "We get into the history of a research platform, what makes a good benchmark, and how "
    "models learn to reason.",
    "As always, the full transcript and the show notes are on the website.",
    "Let's get into it.",
)
AD = (
    "This episode is brought to you by Northwind Cloud Storage.",
    "Northwind keeps your files safe, synced and searchable on every device you own.",
    "Teams of every size use it to share large folders without waiting for uploads.",
    "Your photos, your projects and your backups live in one place, encrypted end to end.",
    "Share a link with a client, set it to expire, and see when it was opened.",
    "Northwind runs in twelve regions, so your data stays close to where you work.",
    "Right now new customers get three months free with the code LISTEN at checkout.",
    "That is Northwind Cloud Storage, storage that stays out of your way.",
    "And now, back to the conversation.",
)
OUTRO = (
    "That's it for this episode.",
    "Thank you to our guest for taking the time, and thank you all for listening.",
    "If you enjoyed the conversation, please subscribe and share it with a friend.",
    "Until next time, take care.",
)
