(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_e"]={"earned":[0],"endurance":[0],"enough":[0],"entry":[0],"event":[0],"events":[0],"experience":[0],"express":[0]};
